/* Image decoder: allocates the pixel buffer from the header's width and height. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct image {
    uint32_t width;
    uint32_t height;
    uint8_t *pixels;
};

/* BAD: CWE-190 */
int image_alloc(struct image *img, uint32_t width, uint32_t height)
{
    img->width = width;
    img->height = height;
    img->pixels = malloc(width * height * 4); /* FLAW: CWE-190 */
    if (img->pixels == NULL)
        return -1;
    memset(img->pixels, 0, (size_t)width * height * 4);
    return 0;
}

/* GOOD: CWE-190 */
int image_alloc_checked(struct image *img, uint32_t width, uint32_t height)
{
    size_t bytes;
    if (width == 0 || height == 0 || width > 16384 || height > 16384)
        return -1;
    bytes = (size_t)width * height * 4;
    img->width = width;
    img->height = height;
    img->pixels = malloc(bytes);
    if (img->pixels == NULL)
        return -1;
    memset(img->pixels, 0, bytes);
    return 0;
}

/* GOOD: CWE-190 */
int image_alloc_calloc(struct image *img, uint32_t width, uint32_t height)
{
    if (width != 0 && height > SIZE_MAX / 4 / width)
        return -1;
    img->width = width;
    img->height = height;
    img->pixels = calloc((size_t)width * height, 4);
    return img->pixels == NULL ? -1 : 0;
}
