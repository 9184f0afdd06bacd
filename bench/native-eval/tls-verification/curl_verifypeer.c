/* Downloads remote configuration with libcurl. */
#include <curl/curl.h>

/* BAD: CWE-295 */
CURLcode fetch_config(CURL *curl, const char *url)
{
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L); /* FLAW: CWE-295 */
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L); /* FLAW: CWE-295 */
    return curl_easy_perform(curl);
}

/* GOOD: CWE-295 */
CURLcode fetch_config_verified(CURL *curl, const char *url, const char *ca_bundle)
{
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca_bundle);
    return curl_easy_perform(curl);
}
