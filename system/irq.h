/*
 * Interrupt lines between devices, interrupt controllers and CPUs.
 *
 * A line is a level: the source calls irq_set(line, 1) while it asserts the
 * interrupt and irq_set(line, 0) when it deasserts it. The receiver decides
 * what a level change means (the GIC latches edges for edge-triggered
 * inputs). A line whose handler is NULL goes nowhere.
 *
 *     IrqLine uart_irq = gic_input(gic, 32 + 1);   // SPI 1
 *     irq_set(&uart_irq, pending & mask ? 1 : 0);
 */
#ifndef XRUN_SYSTEM_IRQ_H
#define XRUN_SYSTEM_IRQ_H

typedef struct IrqLine {
    void (*handler)(void *opaque, int n, int level);
    void *opaque;
    int n;
} IrqLine;

static inline void irq_set(const IrqLine *line, int level)
{
    if (line->handler)
        line->handler(line->opaque, line->n, level);
}
static inline void irq_raise(const IrqLine *line) { irq_set(line, 1); }
static inline void irq_lower(const IrqLine *line) { irq_set(line, 0); }

#endif
