/* interp — a small stack-based bytecode interpreter running a program that
 * counts primes by trial division and sums Collatz sequence lengths. The
 * dispatch is a switch in a loop (indirect jumps through a table: TBB/TBH
 * in Thumb), the worst case for a translator's indirect-branch handling.
 * Argument: the search limit (default 20000; the benchmark runs longer). */
#include <stdlib.h>
#include "xt.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, DIV2, LT, EQ, JZ, JMP, DUP, POP, INC, HALT, ODD };

static int32_t run(const int32_t *code, int32_t *vars)
{
    int32_t stack[64], *sp = stack;
    int pc = 0;
    for (;;) {
        int32_t op = code[pc++], t;
        switch (op) {
        case PUSH: *sp++ = code[pc++]; break;
        case LOAD: *sp++ = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = *--sp; break;
        case ADD: t = *--sp; sp[-1] += t; break;
        case SUB: t = *--sp; sp[-1] -= t; break;
        case MUL: t = *--sp; sp[-1] *= t; break;
        case MOD: t = *--sp; sp[-1] %= t; break;
        case DIV2: sp[-1] /= 2; break;
        case LT: t = *--sp; sp[-1] = sp[-1] < t; break;
        case EQ: t = *--sp; sp[-1] = sp[-1] == t; break;
        case JZ: t = *--sp; if (!t) pc = code[pc]; else pc++; break;
        case JMP: pc = code[pc]; break;
        case DUP: sp[0] = sp[-1]; sp++; break;
        case POP: sp--; break;
        case INC: vars[code[pc++]]++; break;
        case ODD: sp[-1] &= 1; break;
        case HALT: return vars[0];
        default: return -1;
        }
    }
}

int main(int argc, char **argv)
{
    int32_t limit = argc > 1 ? atoi(argv[1]) : 20000;
    /* vars: 0 count, 1 n, 2 d, 3 limit */
    static const int32_t primes[] = {
        /* 0 */ PUSH, 2, STORE, 1,
        /* 4 loop_n: */ LOAD, 1, LOAD, 3, LT, JZ, 49,
        /* 11 */ PUSH, 2, STORE, 2,
        /* 15 loop_d: */ LOAD, 2, LOAD, 2, MUL, LOAD, 1, PUSH, 1, ADD, LT, JZ, 43,
        /* 28 */ LOAD, 1, LOAD, 2, MOD, JZ, 45,
        /* 35 */ INC, 2, JMP, 15,
        /* 39 pad */ HALT, HALT, HALT, HALT,
        /* 43 prime: */ INC, 0,
        /* 45 next: */ INC, 1, JMP, 4,
        /* 49 */ HALT};
    int32_t v[4] = {0, 0, 0, limit};
    int32_t np = run(primes, v);
    /* total Collatz steps for every n below limit / 10; vars: 0 steps, 2 x */
    static const int32_t steps[] = {
        /* 0 */ LOAD, 2, PUSH, 1, EQ, JZ, 9, HALT, HALT,
        /* 9 */ INC, 0, LOAD, 2, ODD, JZ, 28,
        /* 16 */ LOAD, 2, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 2, JMP, 0,
        /* 28 */ LOAD, 2, DIV2, STORE, 2, JMP, 0};
    int64_t total = 0;
    int32_t best = 0, best_n = 0;
    for (int32_t n = 1; n < limit / 10; n++) {
        int32_t w[3] = {0, 0, n};
        int32_t s = run(steps, w);
        total += s;
        if (s > best)
            best = s, best_n = n;
    }
    printf("primes below %d: %d\n", limit, np);
    printf("collatz below %d: total %lld best %d at %d\n", limit / 10, (long long)total, best, best_n);
    if (limit == 20000)
        CHECK(np == 2262);
    return xt_done();
}
