/* acctctl: small account administration tool; copies the user name given on the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 32

struct account_request {
    char user[NAME_MAX_LEN];
    int uid;
    int flags;
};

static void print_request(const struct account_request *req)
{
    printf("user=%s uid=%d flags=%#x\n", req->user, req->uid, req->flags);
}

/* BAD: CWE-121 */
static int parse_args_unbounded(int argc, char **argv, struct account_request *req)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s USER UID\n", argv[0]);
        return -1;
    }
    strcpy(req->user, argv[1]); /* FLAW: CWE-121 */
    req->uid = atoi(argv[2]);
    req->flags = 0;
    return 0;
}

/* GOOD: CWE-121 */
static int parse_args_checked(int argc, char **argv, struct account_request *req)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s USER UID\n", argv[0]);
        return -1;
    }
    if (strlen(argv[1]) >= sizeof(req->user)) {
        fprintf(stderr, "user name too long\n");
        return -1;
    }
    strcpy(req->user, argv[1]);
    req->uid = atoi(argv[2]);
    req->flags = 0;
    return 0;
}

/* GOOD: CWE-121 */
static int parse_args_snprintf(int argc, char **argv, struct account_request *req)
{
    if (argc < 3)
        return -1;
    snprintf(req->user, sizeof(req->user), "%s", argv[1]);
    req->uid = atoi(argv[2]);
    req->flags = 1;
    return 0;
}

int main(int argc, char **argv)
{
    struct account_request req;
    int rc = getenv("ACCTCTL_STRICT") ? parse_args_checked(argc, argv, &req)
                                      : parse_args_snprintf(argc, argv, &req);
    if (rc == 0)
        print_request(&req);
    if (parse_args_unbounded(argc, argv, &req) == 0)
        print_request(&req);
    return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
