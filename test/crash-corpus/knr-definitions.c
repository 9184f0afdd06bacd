/* Old-style (K&R) definitions, implicit int, and register declarations. */
copy(to, from, n)
    char *to;
    register char *from;
    int n;
{
    while (n-- > 0)
        *to++ = *from++;
    return 0;
}

main(argc, argv)
    char **argv;
{
    char buf[10];
    strcpy(buf, argv[1]);
    exit(0);
}
