/*
 * fixture-worker: a small, predictable process for checkpoint fixtures.
 *
 * Build (static, so it runs in a busybox-only image):
 *     gcc -static -O2 -pthread -o fixture-worker fixture-worker.c
 *
 * What it holds once it is ready (then it sleeps until killed):
 *   - N extra threads (--threads N), named "worker-1" .. "worker-N" (thread
 *     comm), each blocked in pause();
 *   - an open regular file (--open-file PATH, default /tmp/worker-open.txt)
 *     created with the content "fixture-worker open file\n" and left with its
 *     file position at the end of that content, on fd 3;
 *   - a pipe (read end fd 4, write end fd 5) holding the 13 unread bytes
 *     "pipe-payload\n";
 *   - an eventfd (fd 6) whose counter is 42;
 *   - one anonymous private mapping of M MiB (--mib M), every page touched.
 *
 * Content of the M MiB mapping (--fill):
 *   pattern (default): a continuous stream of fixed-size ASCII records
 *       "<marker>-<counter>\n", counter = 8 decimal digits starting at
 *       00000000, e.g. "CKPT-INSPECTOR-MARKER-00000000\n"
 *       "CKPT-INSPECTOR-MARKER-00000001\n" ...  Records run across page
 *       boundaries; the last record may be cut off at the end of the mapping.
 *   mixed: every 4096-byte page starts with one record as above (counter =
 *       page number) and the rest of the page is pseudo-random bytes from
 *       xorshift64 (fixed seed), i.e. practically incompressible. Use this for
 *       benchmarks with large memory (e.g. --mib 1100).
 *   random: the whole mapping is xorshift64 output (fixed seed).
 * The marker defaults to "CKPT-INSPECTOR-MARKER" (--marker STR, max 200 chars).
 *
 * --ready-file PATH: create PATH (content "ready\n") once all of the above is
 * in place, so that a caller can wait for it. Nothing is printed on stdout
 * except one line "fixture-worker ready" at that point.
 *
 * The fd numbers above hold when the program starts with only 0, 1 and 2
 * open (as in a container); they are asserted with dup2 so they are exact.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096
#define MAX_MARKER 200

enum fill_mode { FILL_PATTERN, FILL_MIXED, FILL_RANDOM };

static void die(const char *what)
{
    fprintf(stderr, "fixture-worker: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: fixture-worker [--threads N] [--mib M] [--marker STR]\n"
            "                      [--fill pattern|mixed|random]\n"
            "                      [--open-file PATH] [--ready-file PATH]\n");
    exit(2);
}

/* Move fd to exactly `want` (closing the original) so fd numbers are stable. */
static int place_fd(int fd, int want)
{
    if (fd == want)
        return fd;
    if (dup2(fd, want) < 0)
        die("dup2");
    close(fd);
    return want;
}

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* Write record "<marker>-<8 digits>\n" into rec; returns its length. */
static size_t make_record(char *rec, const char *marker, unsigned long n)
{
    return (size_t)sprintf(rec, "%s-%08lu\n", marker, n % 100000000UL);
}

static void fill_pattern(unsigned char *buf, size_t len, const char *marker)
{
    char rec[MAX_MARKER + 16];
    size_t off = 0;
    unsigned long n = 0;
    while (off < len) {
        size_t rl = make_record(rec, marker, n++);
        size_t take = rl < len - off ? rl : len - off;
        memcpy(buf + off, rec, take);
        off += take;
    }
}

static void fill_random(unsigned char *buf, size_t len, uint64_t *seed)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t v = xorshift64(seed);
        memcpy(buf + i, &v, 8);
    }
    for (; i < len; i++)
        buf[i] = (unsigned char)xorshift64(seed);
}

static void fill_mixed(unsigned char *buf, size_t len, const char *marker)
{
    char rec[MAX_MARKER + 16];
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (size_t page = 0; page * PAGE < len; page++) {
        unsigned char *p = buf + page * PAGE;
        size_t plen = len - page * PAGE < PAGE ? len - page * PAGE : PAGE;
        size_t rl = make_record(rec, marker, page);
        if (rl > plen)
            rl = plen;
        memcpy(p, rec, rl);
        fill_random(p + rl, plen - rl, &seed);
    }
}

int main(int argc, char **argv)
{
    long threads = 0, mib = 0;
    const char *marker = "CKPT-INSPECTOR-MARKER";
    const char *open_path = "/tmp/worker-open.txt";
    const char *ready_path = NULL;
    enum fill_mode fill = FILL_PATTERN;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            usage();
        if (!v)
            usage();
        if (!strcmp(a, "--threads"))
            threads = strtol(v, NULL, 10);
        else if (!strcmp(a, "--mib"))
            mib = strtol(v, NULL, 10);
        else if (!strcmp(a, "--marker"))
            marker = v;
        else if (!strcmp(a, "--open-file"))
            open_path = v;
        else if (!strcmp(a, "--ready-file"))
            ready_path = v;
        else if (!strcmp(a, "--fill")) {
            if (!strcmp(v, "pattern"))
                fill = FILL_PATTERN;
            else if (!strcmp(v, "mixed"))
                fill = FILL_MIXED;
            else if (!strcmp(v, "random"))
                fill = FILL_RANDOM;
            else
                usage();
        } else
            usage();
        i++;
    }
    if (threads < 0 || threads > 1000 || mib < 0 || mib > 65536 ||
        strlen(marker) > MAX_MARKER)
        usage();

    /* fd 3: an open regular file, position at the end of its content. */
    static const char file_text[] = "fixture-worker open file\n";
    int fd = open(open_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        die(open_path);
    fd = place_fd(fd, 3);
    if (write(fd, file_text, sizeof file_text - 1) != (ssize_t)(sizeof file_text - 1))
        die("write open file");

    /* fd 4/5: a pipe with unread data in it. */
    int p[2];
    if (pipe(p) < 0)
        die("pipe");
    /* Park both ends high first so placing one cannot clobber the other. */
    int r = fcntl(p[0], F_DUPFD, 100), w = fcntl(p[1], F_DUPFD, 100);
    if (r < 0 || w < 0)
        die("fcntl");
    close(p[0]);
    close(p[1]);
    r = place_fd(r, 4);
    w = place_fd(w, 5);
    static const char pipe_text[] = "pipe-payload\n";
    if (write(w, pipe_text, sizeof pipe_text - 1) != (ssize_t)(sizeof pipe_text - 1))
        die("write pipe");

    /* fd 6: an eventfd with counter 42. */
    int efd = eventfd(42, 0);
    if (efd < 0)
        die("eventfd");
    place_fd(efd, 6);

    /* The memory region. */
    if (mib > 0) {
        size_t len = (size_t)mib << 20;
        unsigned char *buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (buf == MAP_FAILED)
            die("mmap");
        if (fill == FILL_PATTERN)
            fill_pattern(buf, len, marker);
        else if (fill == FILL_MIXED)
            fill_mixed(buf, len, marker);
        else {
            uint64_t seed = 0x9E3779B97F4A7C15ULL;
            fill_random(buf, len, &seed);
        }
    }

    /* Sleeping threads. */
    for (long t = 1; t <= threads; t++) {
        pthread_t th;
        int err = pthread_create(&th, NULL, sleeper, (void *)(intptr_t)t);
        if (err) {
            errno = err;
            die("pthread_create");
        }
        /* Named by main (not by the thread) so the name is set on return. */
        char name[16];
        snprintf(name, sizeof name, "worker-%ld", t);
        pthread_setname_np(th, name);
    }

    if (ready_path) {
        int rf = open(ready_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (rf < 0)
            die(ready_path);
        if (write(rf, "ready\n", 6) != 6)
            die("write ready file");
        close(rf);
    }
    printf("fixture-worker ready\n");
    fflush(stdout);

    for (;;)
        pause();
}
