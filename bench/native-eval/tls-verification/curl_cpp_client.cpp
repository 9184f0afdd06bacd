// Webhook sender of a CI server.
#include <curl/curl.h>
#include <string>

class WebhookSender
{
public:
    bool send(const std::string &url, const std::string &body);
    bool sendVerified(const std::string &url, const std::string &body);

private:
    bool perform(CURL *curl, const std::string &url, const std::string &body);
};

bool WebhookSender::perform(CURL *curl, const std::string &url, const std::string &body)
{
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    const CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    return rc == CURLE_OK;
}

// BAD: CWE-295
bool WebhookSender::send(const std::string &url, const std::string &body)
{
    CURL *curl = curl_easy_init();
    if (!curl)
        return false;
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L); // FLAW: CWE-295
    return perform(curl, url, body);
}

// GOOD: CWE-295
bool WebhookSender::sendVerified(const std::string &url, const std::string &body)
{
    CURL *curl = curl_easy_init();
    if (!curl)
        return false;
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    return perform(curl, url, body);
}
