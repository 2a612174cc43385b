/* atomics — every __atomic and __sync read-modify-write on 8/16/32/64-bit
 * objects, single-threaded: the returned old value and the new value are
 * printed. ARM builds them from ldrex/strex (ldrexb/h/d) loops and dmb, so
 * this checks exclusives and the store-failure retry path, plus
 * compare-exchange success and failure (expected updated on failure). */
#include "xt.h"

#define FETCH_OPS(T, v0, operand)                                                  \
    do {                                                                           \
        static volatile T x;                                                       \
        T o, e;                                                                    \
        x = (v0);                                                                  \
        o = __atomic_fetch_add(&x, (operand), __ATOMIC_SEQ_CST);                   \
        printf(#T " fetch_add %llx -> %llx\n", (unsigned long long)o, (unsigned long long)x); \
        o = __atomic_fetch_sub(&x, (operand) * 3, __ATOMIC_ACQ_REL);               \
        printf(#T " fetch_sub %llx -> %llx\n", (unsigned long long)o, (unsigned long long)x); \
        o = __atomic_fetch_and(&x, (operand) | 0xf0, __ATOMIC_RELAXED);            \
        printf(#T " fetch_and %llx -> %llx\n", (unsigned long long)o, (unsigned long long)x); \
        o = __atomic_fetch_or(&x, (operand), __ATOMIC_RELEASE);                    \
        printf(#T " fetch_or %llx -> %llx\n", (unsigned long long)o, (unsigned long long)x); \
        o = __atomic_fetch_xor(&x, (T)~(T)0, __ATOMIC_ACQUIRE);                    \
        printf(#T " fetch_xor %llx -> %llx\n", (unsigned long long)o, (unsigned long long)x); \
        o = __atomic_fetch_nand(&x, (operand), __ATOMIC_SEQ_CST);                  \
        printf(#T " fetch_nand %llx -> %llx\n", (unsigned long long)o, (unsigned long long)x); \
        o = __atomic_add_fetch(&x, 1, __ATOMIC_SEQ_CST);                           \
        printf(#T " add_fetch %llx\n", (unsigned long long)o);                     \
        o = __atomic_exchange_n(&x, (v0), __ATOMIC_SEQ_CST);                       \
        printf(#T " exchange %llx -> %llx\n", (unsigned long long)o, (unsigned long long)x); \
        e = (T)((v0) + 1);                                                         \
        int ok = __atomic_compare_exchange_n(&x, &e, (T)7, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); \
        printf(#T " cas-fail ok=%d expected=%llx x=%llx\n", ok, (unsigned long long)e, (unsigned long long)x); \
        ok = __atomic_compare_exchange_n(&x, &e, (T)7, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); \
        printf(#T " cas-ok ok=%d expected=%llx x=%llx\n", ok, (unsigned long long)e, (unsigned long long)x); \
        do {                                                                       \
            e = x;                                                                 \
        } while (!__atomic_compare_exchange_n(&x, &e, e * 5 + 1, 1, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)); \
        printf(#T " weak-cas loop x=%llx\n", (unsigned long long)x);               \
        o = __sync_fetch_and_add(&x, (operand));                                   \
        printf(#T " sync_fetch_and_add %llx -> %llx\n", (unsigned long long)o, (unsigned long long)x); \
        o = __sync_sub_and_fetch(&x, 2);                                           \
        printf(#T " sync_sub_and_fetch %llx\n", (unsigned long long)o);            \
        o = __sync_fetch_and_or(&x, 0x81);                                         \
        o ^= __sync_fetch_and_and(&x, (T)~(T)1);                                   \
        o ^= __sync_fetch_and_xor(&x, (operand));                                  \
        printf(#T " sync_or/and/xor %llx -> %llx\n", (unsigned long long)o, (unsigned long long)x); \
        o = __sync_val_compare_and_swap(&x, (T)12345, (T)1);                       \
        printf(#T " sync_val_cas-fail %llx x=%llx\n", (unsigned long long)o, (unsigned long long)x); \
        o = __sync_val_compare_and_swap(&x, x, (T)(v0));                           \
        printf(#T " sync_val_cas-ok x=%llx\n", (unsigned long long)x);             \
        ok = __sync_bool_compare_and_swap(&x, (T)(v0), (T)(operand));              \
        printf(#T " sync_bool_cas %d x=%llx\n", ok, (unsigned long long)x);        \
        o = __sync_lock_test_and_set(&x, (T)0x55);                                 \
        __sync_lock_release(&x);                                                   \
        printf(#T " test_and_set %llx x=%llx\n", (unsigned long long)o, (unsigned long long)x); \
        __atomic_store_n(&x, (T)(operand), __ATOMIC_RELEASE);                      \
        printf(#T " load %llx\n", (unsigned long long)__atomic_load_n(&x, __ATOMIC_ACQUIRE)); \
    } while (0)

int main(void)
{
    FETCH_OPS(uint8_t, 0xf0, 0x23);
    FETCH_OPS(int8_t, 0x7f, 0x11);
    FETCH_OPS(uint16_t, 0xfff0, 0x1234);
    FETCH_OPS(int16_t, -2, 0x7001);
    FETCH_OPS(uint32_t, 0xfffffff0u, 0x12345678u);
    FETCH_OPS(int32_t, 0x7fffffff, -5);
    FETCH_OPS(uint64_t, 0xfffffffffffffff0ull, 0x123456789abcdefull);
    FETCH_OPS(int64_t, 0x7fffffffffffffffll, 0x100000001ll);

    /* a counter bumped many times: the exclusive loop must never lose one */
    static volatile uint32_t counter;
    static volatile uint64_t counter64;
    for (int i = 0; i < 100000; i++) {
        __atomic_fetch_add(&counter, 3, __ATOMIC_SEQ_CST);
        __sync_fetch_and_add(&counter64, 0x100000001ull);
    }
    printf("counter %u %llx\n", counter, (unsigned long long)counter64);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __sync_synchronize();
    printf("lock-free 1:%d 2:%d 4:%d 8:%d\n", __atomic_always_lock_free(1, 0),
           __atomic_always_lock_free(2, 0), __atomic_always_lock_free(4, 0),
           __atomic_always_lock_free(8, 0));
    CHECK(counter == 300000);
    return xt_done();
}
