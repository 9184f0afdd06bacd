// Method dispatch of a small REST framework.
#include <string>

enum class Method { Get, Head, Post, Delete };

struct Response {
    int status = 200;
    bool body = true;
    std::string allow;
};

// BAD: CWE-484
Response dispatch(Method m, bool readOnly)
{
    Response r;
    switch (m) {
    case Method::Head:
        r.body = false;
        [[fallthrough]];
    case Method::Get:
        break;
    case Method::Delete: // FLAW: CWE-484
        if (readOnly)
            r.status = 405; // FLAW: CWE-484
    case Method::Post:
        r.status = readOnly ? 405 : 201; // FLAW: CWE-484
        break;
    }
    return r;
}

// GOOD: CWE-484
Response dispatchFixed(Method m, bool readOnly)
{
    Response r;
    switch (m) {
    case Method::Head:
        r.body = false;
        [[fallthrough]];
    case Method::Get:
        break;
    case Method::Delete:
        r.status = readOnly ? 405 : 204;
        break;
    case Method::Post:
        r.status = readOnly ? 405 : 201;
        break;
    }
    return r;
}
