/* Public header of a weather-station cloud client. */
#ifndef CLOUD_CLIENT_H
#define CLOUD_CLIENT_H

#include <stdlib.h>
#include <string.h>

#define CLOUD_ENDPOINT "https://api.weather.example/v2"
#define CLOUD_API_KEY "wk_9d1f6b27c4e84b0aa53c" /* FLAW: CWE-798 */

static inline const char *cloud_endpoint(void)
{
    return CLOUD_ENDPOINT;
}

/* BAD: CWE-798 */
static inline void cloud_default_credentials(const char **user, const char **password)
{
    *user = "station";
    *password = "st4ti0n-pass"; /* FLAW: CWE-798 */
}

/* GOOD: CWE-798 */
static inline const char *cloud_api_key(void)
{
    const char *key = getenv("CLOUD_API_KEY");
    return key != NULL && strlen(key) > 8 ? key : NULL;
}

#endif
