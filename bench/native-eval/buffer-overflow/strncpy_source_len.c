/* Device registry: stores the hostname announced by a device. */
#include <string.h>

#define HOST_LEN 64

struct device {
    char hostname[HOST_LEN];
    unsigned id;
};

/* BAD: CWE-806 */
void device_set_host(struct device *dev, const char *announced)
{
    strncpy(dev->hostname, announced, strlen(announced)); /* FLAW: CWE-806 */
    dev->hostname[HOST_LEN - 1] = '\0';
}

/* GOOD: CWE-806 */
void device_set_host_bounded(struct device *dev, const char *announced)
{
    strncpy(dev->hostname, announced, sizeof dev->hostname - 1);
    dev->hostname[sizeof dev->hostname - 1] = '\0';
}

/* BAD: CWE-806 */
void device_copy_label(char *label, size_t label_size, const char *text, size_t text_len)
{
    (void)label_size;
    memcpy(label, text, text_len); /* FLAW: CWE-806 */
    label[text_len] = '\0'; /* FLAW: CWE-806 */
}

/* GOOD: CWE-806 */
void device_copy_label_bounded(char *label, size_t label_size, const char *text, size_t text_len)
{
    size_t n = text_len < label_size - 1 ? text_len : label_size - 1;
    if (label_size == 0)
        return;
    memcpy(label, text, n);
    label[n] = '\0';
}
