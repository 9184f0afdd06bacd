/* Slot table of a game server; clients address slots by number. */
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#define SLOTS 32

struct slot {
    uint32_t owner;
    uint32_t score;
};

static struct slot g_slots[SLOTS];

struct slot_update {
    int32_t index;
    uint32_t owner;
    uint32_t score;
};

/* BAD: CWE-787 */
int handle_update(int fd)
{
    struct slot_update up;
    ssize_t n = recv(fd, &up, sizeof up, MSG_WAITALL);
    if (n != (ssize_t)sizeof up)
        return -1;
    g_slots[up.index].owner = up.owner; /* FLAW: CWE-787 */
    g_slots[up.index].score = up.score; /* FLAW: CWE-787 */
    return 0;
}

/* GOOD: CWE-787 */
int handle_update_checked(int fd)
{
    struct slot_update up;
    ssize_t n = recv(fd, &up, sizeof up, MSG_WAITALL);
    if (n != (ssize_t)sizeof up)
        return -1;
    if (up.index < 0 || up.index >= SLOTS)
        return -1;
    g_slots[up.index].owner = up.owner;
    g_slots[up.index].score = up.score;
    return 0;
}

/* GOOD: CWE-787 */
void reset_slots(void)
{
    memset(g_slots, 0, sizeof g_slots);
}
