/*
 * ARM GICv2 distributor and CPU interface (system/hw/gic.h).
 *
 * State per interrupt (GicIrq): enable, the pending latch, active, the
 * input level, edge/level configuration, priority and, for SPIs, the CPU
 * targets. IDs 0-31 have one GicIrq per CPU (banked), SPIs one in all.
 * An interrupt is pending when its latch is set (an edge, a software
 * ISPENDR write) or, level-sensitive, while its input is high; SGIs are
 * pending per source CPU instead (sgi_src), as GICD_SPENDSGIRn shows.
 *
 * Each CPU interface keeps the interrupts it acknowledged and has not yet
 * dropped the priority of (EOIR); the running priority is the highest of
 * their group priorities. After every change gic_update picks, per CPU,
 * the highest-priority pending, enabled, inactive interrupt targeted at it
 * and signals it when that beats both the priority mask and the running
 * priority and its group is enabled in the distributor and in the CPU
 * interface.
 *
 * Groups: without Security Extensions a GICv2 still has Group 0 and Group 1
 * (GICD_IGROUPRn), as qemu's virt GIC does. Group 0 signals FIQ when
 * GICC_CTLR.FIQEn is set, IRQ otherwise; Group 1 always signals IRQ and is
 * acknowledged through GICC_IAR only when AckCtl is set (GICC_IAR reads
 * 1022 otherwise). The aliased registers (GICC_AIAR, AEOIR, AHPPIR) belong
 * to the Security Extensions: here they read as zero and ignore writes, as
 * on qemu. Linux leaves every interrupt in Group 0 with FIQEn clear: one
 * group, on IRQ.
 *
 * A uniprocessor GIC has no targets: GICD_ITARGETSRn read as zero, ignore
 * writes, and every SPI goes to CPU 0 (Linux then writes zero targets,
 * which must not silence the SPIs).
 *
 * Distributor accesses of any size are split into bytes, as every GICD
 * register is an array of byte or bit fields; GICD_SGIR is the one register
 * that acts on a whole word. CPU interface registers are word-only.
 */
#include "system/hw/gic.h"

#include <stdlib.h>
#include <string.h>

#include "system/hw/dev_log.h"
#include "xrun/util.h"

typedef struct GicIrq {
    bool enabled;
    bool latch;       /* pending by an edge or a software write */
    bool active;
    bool level;       /* the input line */
    bool edge;        /* GICD_ICFGR: edge-triggered */
    bool group1;      /* GICD_IGROUPR */
    uint8_t priority;
    uint8_t target;   /* SPIs: CPU mask */
} GicIrq;

/* An acknowledged interrupt whose priority is not yet dropped. */
typedef struct GicPrio {
    uint16_t irq;
    uint8_t group_prio;
    bool group1;
} GicPrio;

typedef struct GicCpu {
    uint32_t ctlr;
    uint32_t pmr;
    uint32_t bpr, abpr;
    GicPrio *prio_stack;     /* num_irq entries at most: one per active ID */
    int n_prio;
    IrqLine irq_out, fiq_out;
    int irq_level, fiq_level;
    GicIrq banked[GIC_NR_INTERNAL];
    uint8_t sgi_src[16];     /* pending SGIs: mask of source CPUs */
} GicCpu;

struct Gic {
    int num_cpu;
    int num_irq;
    uint32_t ctlr;
    GicIrq *spi;             /* indexed by ID; 0-31 unused */
    GicCpu cpu[GIC_MAX_CPUS];
};

enum {
    GICD_CTLR = 0x000,
    GICD_TYPER = 0x004,
    GICD_IIDR = 0x008,
    GICD_IGROUPR = 0x080,
    GICD_ISENABLER = 0x100,
    GICD_ICENABLER = 0x180,
    GICD_ISPENDR = 0x200,
    GICD_ICPENDR = 0x280,
    GICD_ISACTIVER = 0x300,
    GICD_ICACTIVER = 0x380,
    GICD_IPRIORITYR = 0x400,
    GICD_ITARGETSR = 0x800,
    GICD_ICFGR = 0xc00,
    GICD_SGIR = 0xf00,
    GICD_CPENDSGIR = 0xf10,
    GICD_SPENDSGIR = 0xf20,
    GICD_ID = 0xfd0,

    GICC_CTLR = 0x00,
    GICC_PMR = 0x04,
    GICC_BPR = 0x08,
    GICC_IAR = 0x0c,
    GICC_EOIR = 0x10,
    GICC_RPR = 0x14,
    GICC_HPPIR = 0x18,
    GICC_ABPR = 0x1c,
    GICC_APR0 = 0xd0,
    GICC_NSAPR0 = 0xe0,
    GICC_IIDR = 0xfc,
    GICC_DIR = 0x1000,
};

/* Identification as qemu's virt GICv2 reports it: implementer Arm (0x43b)
 * in both IIDRs, architecture version 2 in GICC_IIDR, and the peripheral
 * and component IDs of a GIC-400. */
#define GIC_GICD_IIDR 0x0000043b
#define GIC_GICC_IIDR 0x0002043b
static const uint8_t gic400_id[12] = {
    0x04, 0x00, 0x00, 0x00,   /* PIDR4-7 */
    0x90, 0xb4, 0x2b, 0x00,   /* PIDR0-3: part 0x490, ArchRev 2 */
    0x0d, 0xf0, 0x05, 0xb1,   /* CIDR0-3 */
};

#define GICD_CTLR_EN_GRP0 0x1u
#define GICD_CTLR_EN_GRP1 0x2u

#define GICC_CTLR_EN_GRP0 0x001u
#define GICC_CTLR_EN_GRP1 0x002u
#define GICC_CTLR_ACKCTL 0x004u
#define GICC_CTLR_FIQEN 0x008u
#define GICC_CTLR_CBPR 0x010u
#define GICC_CTLR_EOIMODE 0x200u
#define GICC_CTLR_MASK 0x21fu   /* bypass disables (bits 5-8) read as zero */
/* GICC_APR0-3 and GICC_NSAPR0-3, four words each: (off >> 2) & 3 is the
 * register number in either bank. */
#define GIC_IS_APR(off) ((off) >= GICC_APR0 && (off) < GICC_NSAPR0 + 16)
_Static_assert(GICC_APR0 % 16 == 0 && GICC_NSAPR0 == GICC_APR0 + 16, "APR banks are adjacent and aligned");
#define GIC_ID_GRP1_UNACKED 1022   /* IAR/HPPIR: a Group 1 interrupt, AckCtl clear */
#define GICC_RUNNING_IDLE 0x100   /* below every priority */

/* -- State helpers -- */

static GicIrq *gic_irq(Gic *s, int cpu, int irq)
{
    return irq < GIC_NR_INTERNAL ? &s->cpu[cpu].banked[irq] : &s->spi[irq];
}

static bool gic_pending(Gic *s, int cpu, int irq)
{
    GicIrq *q = gic_irq(s, cpu, irq);
    if (irq < 16)
        return s->cpu[cpu].sgi_src[irq] != 0;
    return q->latch || (!q->edge && q->level);
}

/* The group priority of an interrupt: its priority above the binary
 * point. Group 1 uses GICC_ABPR (one step coarser by definition) unless
 * CBPR shares GICC_BPR with it. */
static unsigned gic_group_prio(const GicCpu *c, const GicIrq *q)
{
    unsigned bpr = q->group1 && !(c->ctlr & GICC_CTLR_CBPR) ? c->abpr - 1 : c->bpr;
    return q->priority & (0xffu << (bpr + 1)) & 0xff;
}

static unsigned gic_running_prio(const GicCpu *c)
{
    unsigned r = GICC_RUNNING_IDLE;

    for (int i = 0; i < c->n_prio; i++)
        if (c->prio_stack[i].group_prio < r)
            r = c->prio_stack[i].group_prio;
    return r;
}

/* Drops irq from the CPU's acknowledged list; false if it is not there. */
static bool gic_prio_drop(GicCpu *c, int irq)
{
    int i;
    for (i = c->n_prio - 1; i >= 0 && c->prio_stack[i].irq != irq; i--) {
    }
    if (i < 0)
        return false;
    memmove(&c->prio_stack[i], &c->prio_stack[i + 1], (c->n_prio - i - 1) * sizeof(GicPrio));
    c->n_prio--;
    return true;
}

/* The highest-priority pending interrupt CPU cpu could take (lowest ID on a
 * tie), or GIC_SPURIOUS. */
static int gic_best(Gic *s, int cpu, unsigned *prio)
{
    int best = GIC_SPURIOUS;
    unsigned bp = 0x100;

    if (!(s->ctlr & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1)))
        return GIC_SPURIOUS;
    for (int irq = 0; irq < s->num_irq; irq++) {
        GicIrq *q = gic_irq(s, cpu, irq);
        if (!q->enabled || q->active || q->priority >= bp || !gic_pending(s, cpu, irq))
            continue;
        if (irq >= GIC_NR_INTERNAL && s->num_cpu > 1 && !(q->target & (1u << cpu)))
            continue;
        best = irq;
        bp = q->priority;
    }
    *prio = bp;
    return best;
}

/* The interrupt the CPU interface signals now, or GIC_SPURIOUS: the best
 * pending one, if it beats the priority mask and the running priority and
 * its group is on in the distributor and in the CPU interface. */
static int gic_signalled(Gic *s, int cpu)
{
    GicCpu *c = &s->cpu[cpu];
    unsigned prio, grp_bit;
    GicIrq *q;
    int irq;

    irq = gic_best(s, cpu, &prio);
    if (irq == GIC_SPURIOUS)
        return GIC_SPURIOUS;
    q = gic_irq(s, cpu, irq);
    grp_bit = q->group1 ? GICD_CTLR_EN_GRP1 : GICD_CTLR_EN_GRP0;   /* same bit in GICC_CTLR */
    if (!(s->ctlr & grp_bit) || !(c->ctlr & grp_bit))
        return GIC_SPURIOUS;
    if (prio >= c->pmr || gic_group_prio(c, q) >= gic_running_prio(c))
        return GIC_SPURIOUS;
    return irq;
}

static void gic_update(Gic *s)
{
    for (int cpu = 0; cpu < s->num_cpu; cpu++) {
        GicCpu *c = &s->cpu[cpu];
        int irq = gic_signalled(s, cpu);
        int fiq = irq != GIC_SPURIOUS && !gic_irq(s, cpu, irq)->group1 && (c->ctlr & GICC_CTLR_FIQEN);
        int level = irq != GIC_SPURIOUS && !fiq;
        if (level != c->irq_level) {
            c->irq_level = level;
            irq_set(&c->irq_out, level);
        }
        if (fiq != c->fiq_level) {
            c->fiq_level = fiq;
            irq_set(&c->fiq_out, fiq);
        }
    }
}

/* The CPU whose registers an access sees; a vCPU index the GIC was not
 * built for is a board error, reported and mapped to CPU 0. */
static int gic_cpu_index(Gic *s)
{
    int cpu = mem_current_cpu();
    if (cpu < 0 || cpu >= s->num_cpu) {
        xr_error("gic: access from CPU %d of a GIC built for %d", cpu, s->num_cpu);
        return 0;
    }
    return cpu;
}

/* -- Inputs -- */

static void gic_set_level(Gic *s, GicIrq *q, int level)
{
    if (level && !q->level && q->edge)
        q->latch = true;
    q->level = level != 0;
    gic_update(s);
}

static void gic_spi_handler(void *opaque, int n, int level)
{
    Gic *s = opaque;
    gic_set_level(s, &s->spi[n], level);
}

static void gic_ppi_handler(void *opaque, int n, int level)
{
    Gic *s = opaque;
    gic_set_level(s, &s->cpu[n / GIC_NR_INTERNAL].banked[n % GIC_NR_INTERNAL], level);
}

IrqLine gic_input(Gic *s, int irq)
{
    if (irq < GIC_NR_INTERNAL || irq >= s->num_irq) {
        xr_error("gic: no SPI with interrupt ID %d (SPIs are 32-%d)", irq, s->num_irq - 1);
        return (IrqLine){ 0 };
    }
    return (IrqLine){ gic_spi_handler, s, irq };
}

IrqLine gic_ppi(Gic *s, int cpu, int ppi)
{
    int id = ppi < 16 ? ppi + 16 : ppi;
    if (cpu < 0 || cpu >= s->num_cpu || ppi < 0 || id >= GIC_NR_INTERNAL) {
        xr_error("gic: no PPI %d on CPU %d", ppi, cpu);
        return (IrqLine){ 0 };
    }
    return (IrqLine){ gic_ppi_handler, s, cpu * GIC_NR_INTERNAL + id };
}

void gic_connect_cpu(Gic *s, int cpu, IrqLine irq, IrqLine fiq)
{
    if (cpu < 0 || cpu >= s->num_cpu) {
        xr_error("gic: no CPU %d to connect", cpu);
        return;
    }
    s->cpu[cpu].irq_out = irq;
    s->cpu[cpu].fiq_out = fiq;
    irq_set(&irq, s->cpu[cpu].irq_level);
    irq_set(&fiq, s->cpu[cpu].fiq_level);
}

/* -- Distributor -- */

/* One bit of the IGROUPR..ICACTIVER arrays. */
static bool *gic_bit_field(GicIrq *q, unsigned reg)
{
    switch (reg) {
    case GICD_IGROUPR:
        return &q->group1;
    case GICD_ISENABLER:
    case GICD_ICENABLER:
        return &q->enabled;
    case GICD_ISPENDR:
    case GICD_ICPENDR:
        return &q->latch;
    default:
        return &q->active;
    }
}

static uint8_t gic_bits_read(Gic *s, int cpu, unsigned reg, int irq0)
{
    uint8_t v = 0;
    for (int i = 0; i < 8; i++) {
        int irq = irq0 + i;
        if (irq >= s->num_irq)
            break;
        bool bit = reg == GICD_ISPENDR || reg == GICD_ICPENDR ? gic_pending(s, cpu, irq)
                                                              : *gic_bit_field(gic_irq(s, cpu, irq), reg);
        v |= (uint8_t)bit << i;
    }
    return v;
}

static void gic_bits_write(Gic *s, int cpu, unsigned reg, int irq0, uint8_t v)
{
    bool set = (reg & 0x80) == 0;   /* IS* at 0x100/0x200/0x300, IC* at +0x80 */

    for (int i = 0; i < 8; i++) {
        int irq = irq0 + i;
        if (irq >= s->num_irq)
            break;
        if (reg == GICD_IGROUPR) {   /* a plain read/write bit */
            gic_irq(s, cpu, irq)->group1 = (v >> i) & 1;
            continue;
        }
        if (!(v & (1u << i)))
            continue;
        /* SGIs are always enabled, and only GICD_[CS]PENDSGIR pend them. */
        if (irq < 16 && reg != GICD_ISACTIVER && reg != GICD_ICACTIVER)
            continue;
        *gic_bit_field(gic_irq(s, cpu, irq), reg) = set;
    }
}

static uint8_t gic_icfgr_read(Gic *s, int cpu, int irq0)
{
    uint8_t v = 0;
    for (int i = 0; i < 4 && irq0 + i < s->num_irq; i++)
        if (gic_irq(s, cpu, irq0 + i)->edge)
            v |= 2u << (2 * i);
    return v;
}

static void gic_icfgr_write(Gic *s, int cpu, int irq0, uint8_t v)
{
    for (int i = 0; i < 4 && irq0 + i < s->num_irq; i++)
        if (irq0 + i >= 16)   /* SGIs are edge-triggered, read-only */
            gic_irq(s, cpu, irq0 + i)->edge = (v >> (2 * i + 1)) & 1;
}

static uint8_t gic_dist_readb(Gic *s, int cpu, unsigned off)
{
    if (off < GICD_CTLR + 4)
        return off == GICD_CTLR ? s->ctlr : 0;
    if (off < GICD_TYPER + 4) {
        uint32_t typer = ((s->num_irq + 31) / 32 - 1) | (s->num_cpu - 1) << 5;
        return typer >> (8 * (off - GICD_TYPER));
    }
    if (off < GICD_IIDR + 4)
        return (uint32_t)GIC_GICD_IIDR >> (8 * (off - GICD_IIDR));
    if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR)
        return gic_bits_read(s, cpu, off & ~0x7fu, (off & 0x7f) * 8);
    if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + GIC_MAX_IRQS) {
        int irq = off - GICD_IPRIORITYR;
        return irq < s->num_irq ? gic_irq(s, cpu, irq)->priority : 0;
    }
    if (off >= GICD_ITARGETSR && off < GICD_ITARGETSR + GIC_MAX_IRQS) {
        int irq = off - GICD_ITARGETSR;
        if (s->num_cpu == 1 || irq >= s->num_irq)
            return 0;
        return irq < GIC_NR_INTERNAL ? 1u << cpu : s->spi[irq].target;
    }
    if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
        return gic_icfgr_read(s, cpu, (off - GICD_ICFGR) * 4);
    if (off >= GICD_SGIR && off < GICD_SGIR + 4)
        return 0;   /* write-only */
    if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 16)
        return s->cpu[cpu].sgi_src[off & 15];
    if (off >= GICD_ID && off < GIC_DIST_SIZE)
        return off % 4 ? 0 : gic400_id[(off - GICD_ID) / 4];
    dev_guest_error("gic", "distributor read of offset 0x%x", off);
    return 0;
}

static void gic_dist_writeb(Gic *s, int cpu, unsigned off, uint8_t v)
{
    if (off == GICD_CTLR) {
        s->ctlr = v & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1);
    } else if (off < GICD_CTLR + 4) {
        /* the rest of CTLR */
    } else if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
        gic_bits_write(s, cpu, off & ~0x7fu, (off & 0x7f) * 8, v);
    } else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + GIC_MAX_IRQS) {
        int irq = off - GICD_IPRIORITYR;
        if (irq < s->num_irq)
            gic_irq(s, cpu, irq)->priority = v;
    } else if (off >= GICD_ITARGETSR && off < GICD_ITARGETSR + GIC_MAX_IRQS) {
        int irq = off - GICD_ITARGETSR;
        /* IDs 0-31 target their own CPU: read-only. */
        if (irq >= GIC_NR_INTERNAL && irq < s->num_irq && s->num_cpu > 1)
            s->spi[irq].target = v & ((1u << s->num_cpu) - 1);
    } else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
        gic_icfgr_write(s, cpu, (off - GICD_ICFGR) * 4, v);
    } else if (off >= GICD_CPENDSGIR && off < GICD_CPENDSGIR + 16) {
        s->cpu[cpu].sgi_src[off & 15] &= ~v;
    } else if (off >= GICD_SPENDSGIR && off < GICD_SPENDSGIR + 16) {
        s->cpu[cpu].sgi_src[off & 15] |= v & ((1u << s->num_cpu) - 1);
    } else {
        dev_guest_error("gic", "distributor write of 0x%02x to offset 0x%x", v, off);
    }
}

/* GICD_SGIR: raises SGI [3:0] from cpu on the CPUs the filter [25:24]
 * selects: 0 the list [23:16], 1 all others, 2 itself. */
static void gic_sgir_write(Gic *s, int cpu, uint32_t v)
{
    unsigned sgi = v & 15;
    unsigned all = (1u << s->num_cpu) - 1;
    unsigned targets;

    switch ((v >> 24) & 3) {
    case 0:
        targets = (v >> 16) & all;
        break;
    case 1:
        targets = all & ~(1u << cpu);
        break;
    case 2:
        targets = 1u << cpu;
        break;
    default:
        dev_guest_error("gic", "GICD_SGIR with the reserved target filter 3 (0x%08x)", v);
        return;
    }
    for (int t = 0; t < s->num_cpu; t++)
        if (targets & (1u << t))
            s->cpu[t].sgi_src[sgi] |= 1u << cpu;
}

static uint64_t gic_dist_read(void *opaque, hwaddr off, unsigned size)
{
    Gic *s = opaque;
    int cpu = gic_cpu_index(s);
    uint64_t v = 0;

    if (off >= GIC_DIST_SIZE || off + size > GIC_DIST_SIZE) {
        dev_guest_error("gic", "distributor read of offset 0x%llx", (unsigned long long)off);
        return 0;
    }
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)gic_dist_readb(s, cpu, off + i) << (8 * i);
    return v;
}

static void gic_dist_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    Gic *s = opaque;
    int cpu = gic_cpu_index(s);

    if (off >= GIC_DIST_SIZE || off + size > GIC_DIST_SIZE) {
        dev_guest_error("gic", "distributor write to offset 0x%llx", (unsigned long long)off);
        return;
    }
    if (off >= GICD_SGIR && off < GICD_SGIR + 4) {
        if (off == GICD_SGIR && size == 4)
            gic_sgir_write(s, cpu, v);
        else
            dev_guest_error("gic", "GICD_SGIR written with a %u-byte access", size);
    } else {
        for (unsigned i = 0; i < size; i++)
            gic_dist_writeb(s, cpu, off + i, v >> (8 * i));
    }
    gic_update(s);
}

/* -- CPU interface -- */

/* Acknowledges irq on cpu (active, its priority held); returns the value
 * of the acknowledge register. */
static uint32_t gic_ack(Gic *s, int cpu, int irq)
{
    GicCpu *c = &s->cpu[cpu];
    GicIrq *q = gic_irq(s, cpu, irq);
    uint32_t ret = irq;

    if (irq < 16) {
        /* One source at a time, lowest CPU number first; the others stay
         * pending. */
        unsigned src = __builtin_ctz(c->sgi_src[irq]);
        c->sgi_src[irq] &= ~(1u << src);
        ret |= src << 10;
    }
    q->latch = false;
    q->active = true;
    /* Software may have cleared the active bit (ICACTIVER) of an interrupt
     * whose priority is still held: it is held once, at the new priority. */
    gic_prio_drop(c, irq);
    c->prio_stack[c->n_prio++] = (GicPrio){ irq, gic_group_prio(c, q), q->group1 };
    gic_update(s);
    return ret;
}

/* What GICC_IAR and GICC_HPPIR show of interrupt irq: Group 1 reads as
 * 1022 unless AckCtl is set. */
static int gic_id_view(Gic *s, int cpu, int irq)
{
    if (irq != GIC_SPURIOUS && gic_irq(s, cpu, irq)->group1 && !(s->cpu[cpu].ctlr & GICC_CTLR_ACKCTL))
        return GIC_ID_GRP1_UNACKED;
    return irq;
}

static uint32_t gic_iar(Gic *s, int cpu)
{
    int irq = gic_signalled(s, cpu);
    int id = gic_id_view(s, cpu, irq);
    return id == irq && irq != GIC_SPURIOUS ? gic_ack(s, cpu, irq) : (uint32_t)id;
}

static uint32_t gic_hppir(Gic *s, int cpu)
{
    unsigned prio;
    int irq = gic_best(s, cpu, &prio);
    int id = gic_id_view(s, cpu, irq);
    if (id == irq && irq < 16)
        id |= __builtin_ctz(s->cpu[cpu].sgi_src[irq]) << 10;
    return id;
}

static void gic_deactivate(Gic *s, int cpu, int irq)
{
    gic_irq(s, cpu, irq)->active = false;
}

static void gic_eoir(Gic *s, int cpu, uint32_t v)
{
    GicCpu *c = &s->cpu[cpu];
    int irq = v & 0x3ff;

    if (!gic_prio_drop(c, irq)) {
        /* Spurious IDs land here too: EOI of 1023 is ignored. */
        if (irq != GIC_SPURIOUS)
            dev_guest_error("gic", "EOI of interrupt %d, which CPU %d has not acknowledged", irq, cpu);
        return;
    }
    if (!(c->ctlr & GICC_CTLR_EOIMODE))
        gic_deactivate(s, cpu, irq);
}

/* GICC_APRn (Group 0) and GICC_NSAPRn (Group 1), laid out as qemu's: one
 * bit per held group priority, bit (priority >> 1) of the 128-bit set. */
static uint32_t gic_apr_read(const GicCpu *c, int n, bool group1)
{
    uint32_t v = 0;
    for (int i = 0; i < c->n_prio; i++) {
        const GicPrio *p = &c->prio_stack[i];
        if (p->group1 == group1 && p->group_prio >> 6 == n)
            v |= 1u << (p->group_prio >> 1) % 32;
    }
    return v;
}

/* Writing a bit clear drops the priorities held at that level (how
 * software restores a CPU interface, usually with zeros); a bit cannot be
 * set without an interrupt to hold it. */
static void gic_apr_write(GicCpu *c, int n, bool group1, uint32_t v)
{
    uint32_t held = gic_apr_read(c, n, group1);
    int j = 0;

    if (v & ~held)
        dev_guest_error("gic", "%sAPR%d bits 0x%x set with no active interrupt at that priority",
                        group1 ? "NS" : "", n, v & ~held);
    for (int i = 0; i < c->n_prio; i++) {
        const GicPrio *p = &c->prio_stack[i];
        bool drop = p->group1 == group1 && p->group_prio >> 6 == n && !(v >> (p->group_prio >> 1) % 32 & 1);
        if (!drop)
            c->prio_stack[j++] = *p;
    }
    c->n_prio = j;
}

static uint64_t gic_cpu_read(void *opaque, hwaddr off, unsigned size)
{
    Gic *s = opaque;
    int cpu = gic_cpu_index(s);
    GicCpu *c = &s->cpu[cpu];

    if (size != 4 || off % 4) {
        dev_guest_error("gic", "CPU interface read of %u bytes at 0x%llx", size, (unsigned long long)off);
        return 0;
    }
    if (GIC_IS_APR(off))
        return gic_apr_read(c, (off >> 2) & 3, off >= GICC_NSAPR0);
    switch (off) {
    case GICC_CTLR:
        return c->ctlr;
    case GICC_PMR:
        return c->pmr;
    case GICC_BPR:
        return c->bpr;
    case GICC_ABPR:
        return c->abpr;
    case GICC_IAR:
        return gic_iar(s, cpu);
    case GICC_RPR: {
        unsigned r = gic_running_prio(c);
        return r == GICC_RUNNING_IDLE ? 0xff : r;
    }
    case GICC_HPPIR:
        return gic_hppir(s, cpu);
    case GICC_IIDR:
        return GIC_GICC_IIDR;
    default:
        dev_guest_error("gic", "CPU interface read of offset 0x%llx", (unsigned long long)off);
        return 0;
    }
}

static void gic_cpu_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    Gic *s = opaque;
    int cpu = gic_cpu_index(s);
    GicCpu *c = &s->cpu[cpu];

    if (size != 4 || off % 4) {
        dev_guest_error("gic", "CPU interface write of %u bytes at 0x%llx", size, (unsigned long long)off);
        return;
    }
    if (GIC_IS_APR(off)) {
        gic_apr_write(c, (off >> 2) & 3, off >= GICC_NSAPR0, v);
        gic_update(s);
        return;
    }
    switch (off) {
    case GICC_CTLR:
        c->ctlr = v & GICC_CTLR_MASK;
        break;
    case GICC_PMR:
        c->pmr = v & 0xff;
        break;
    case GICC_BPR:
        c->bpr = v & 7;
        break;
    case GICC_ABPR:
        c->abpr = (v & 7) ? (v & 7) : 1;   /* the aliased point is at least 1 */
        break;
    case GICC_EOIR:
        gic_eoir(s, cpu, v);
        break;
    case GICC_DIR:
        if (c->ctlr & GICC_CTLR_EOIMODE) {
            if ((v & 0x3ff) < (unsigned)s->num_irq)
                gic_deactivate(s, cpu, v & 0x3ff);
        } else {
            dev_guest_error("gic", "GICC_DIR written with EOImode 0");
        }
        break;
    default:
        dev_guest_error("gic", "CPU interface write of 0x%llx to offset 0x%llx", (unsigned long long)v,
                        (unsigned long long)off);
        return;
    }
    gic_update(s);
}

const MemOps gic_dist_ops = { gic_dist_read, gic_dist_write };
const MemOps gic_cpu_ops = { gic_cpu_read, gic_cpu_write };

/* -- Life cycle -- */

void gic_reset(Gic *s)
{
    s->ctlr = 0;
    memset(s->spi, 0, s->num_irq * sizeof(GicIrq));
    for (int cpu = 0; cpu < s->num_cpu; cpu++) {
        GicCpu *c = &s->cpu[cpu];
        c->ctlr = 0;
        c->pmr = 0;
        c->bpr = 0;
        c->abpr = 1;
        c->n_prio = 0;
        memset(c->banked, 0, sizeof(c->banked));
        memset(c->sgi_src, 0, sizeof(c->sgi_src));
        for (int irq = 0; irq < 16; irq++) {
            c->banked[irq].enabled = true;
            c->banked[irq].edge = true;
        }
    }
    gic_update(s);
}

Gic *gic_new(int num_cpu, int num_irq)
{
    Gic *s;

    if (num_cpu < 1 || num_cpu > GIC_MAX_CPUS) {
        xr_error("gic: %d CPUs asked for; a GICv2 serves 1 to %d", num_cpu, GIC_MAX_CPUS);
        return NULL;
    }
    if (num_irq < 64 || num_irq > 1024 || num_irq % 32) {
        xr_error("gic: %d interrupt IDs asked for; a GICv2 has a multiple of 32 from 64 to 1024", num_irq);
        return NULL;
    }
    if (num_irq > GIC_MAX_IRQS)
        num_irq = GIC_MAX_IRQS;
    s = xr_calloc(1, sizeof(*s));
    s->num_cpu = num_cpu;
    s->num_irq = num_irq;
    s->spi = xr_calloc(num_irq, sizeof(GicIrq));
    for (int cpu = 0; cpu < num_cpu; cpu++)
        s->cpu[cpu].prio_stack = xr_calloc(num_irq, sizeof(GicPrio));
    gic_reset(s);
    return s;
}

void gic_free(Gic *s)
{
    if (!s)
        return;
    for (int cpu = 0; cpu < s->num_cpu; cpu++)
        free(s->cpu[cpu].prio_stack);
    free(s->spi);
    free(s);
}
