/* Power management helper of a kiosk: sets the screen brightness. */
#include <stdio.h>
#include <stdlib.h>

/* GOOD: CWE-78 */
int set_brightness(int percent)
{
    char cmd[64];
    if (percent < 0 || percent > 100)
        return -1;
    snprintf(cmd, sizeof cmd, "brightnessctl set %d%%", percent);
    return system(cmd);
}

/* BAD: CWE-78 */
int set_brightness_device(const char *device, int percent)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "brightnessctl -d %s set %d%%", device, percent);
    return system(cmd); /* FLAW: CWE-78 */
}

int main(int argc, char **argv)
{
    if (argc > 2)
        return set_brightness_device(argv[1], atoi(argv[2]));
    return set_brightness(argc > 1 ? atoi(argv[1]) : 50);
}
