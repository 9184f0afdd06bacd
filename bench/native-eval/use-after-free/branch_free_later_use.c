/* Request pipeline of a REST gateway: a request may be rejected early. */
#include <stdlib.h>
#include <string.h>

struct request {
    char *body;
    size_t len;
    int status;
};

int forward_request(const struct request *req);

/* BAD: CWE-416 */
int process_request(struct request *req, int rate_limited)
{
    if (rate_limited) {
        free(req->body);
        req->status = 429;
    }
    if (req->len > 0 && req->body[0] == '{') /* FLAW: CWE-416 */
        req->status = 200;
    return forward_request(req);
}

/* GOOD: CWE-416 */
int process_request_fixed(struct request *req, int rate_limited)
{
    if (rate_limited) {
        free(req->body);
        req->body = NULL;
        req->len = 0;
        req->status = 429;
        return -1;
    }
    if (req->len > 0 && req->body[0] == '{')
        req->status = 200;
    return forward_request(req);
}
