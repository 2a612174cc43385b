#!/usr/bin/env python3
"""
decodetree.py: turns declarative instruction pattern files into C decoders.

The input syntax is the decodetree format (fields, argument sets, formats,
patterns and groups).  A short example:

    %imm12   0:12                     # field: bits [11:0]
    &s_rri   s rd rn imm              # argument set -> arg_s_rri
    @s_rri   ---- ... s:1 rn:4 rd:4 imm:12   &s_rri
    ADD_rri  ---- 0010100 . .... .... ............   @s_rri

generates

    typedef struct { int s; int rd; int rn; int imm; } arg_s_rri;
    static bool trans_ADD_rri(DisasContext *s, arg_s_rri *a);
    static bool decode(DisasContext *s, uint32_t insn) { switch ... }

The decoder is a decision tree: at each node it switches on the fixed bits
that every remaining candidate shares; when they share none, the list is
cut into consecutive runs that do, tried one after the other.  Candidates keep their source order, so the
first pattern of an overlapping group { } that matches and whose trans_
function returns true wins; a trans_ returning false lets later candidates
try, and the decoder returns false (UNDEFINED) when none accepts.

Options:
    --decode NAME          name of the decoder function (static)
    --static-decode NAME   same (kept for compatibility)
    --translate PREFIX     trans_ functions are PREFIX_NAME and non-static,
                           so they may be defined in other files
    --insnwidth 16|32      instruction width
    --header               emit only the typedefs and prototypes
    --pattern-list         emit only DECODE_PATTERN(NAME, ARGSET) per pattern
                           name, e.g. for tests that stub every trans_
    -o FILE                output file (default stdout)
"""

import re
import sys


class DecodeError(Exception):
    pass


# -- Data model --

class FieldSeg:
    def __init__(self, pos, length, signed):
        self.pos, self.len, self.signed = pos, length, signed


class Field:
    """A named extraction: concatenated segments, optionally passed to a function."""

    def __init__(self, name, segs, func):
        self.name, self.segs, self.func = name, segs, func

    def c_expr(self, insn='insn'):
        expr = None
        shift_total = sum(s.len for s in self.segs)
        for seg in self.segs:
            shift_total -= seg.len
            fn = 'dt_sextract32' if seg.signed else 'dt_extract32'
            part = '%s(%s, %d, %d)' % (fn, insn, seg.pos, seg.len)
            if shift_total:
                part = '(int32_t)((uint32_t)%s << %d)' % (part, shift_total)
            expr = part if expr is None else '%s | %s' % (expr, part)
        if self.func:
            if expr is None:
                return '%s(s)' % self.func
            return '%s(s, %s)' % (self.func, expr)
        return expr if expr is not None else '0'


class ArgSet:
    def __init__(self, name, fields, types, extern):
        self.name, self.fields, self.types, self.extern = name, fields, types, extern


class Format:
    """A format or pattern: fixed bits, field assignments, argument set."""

    def __init__(self, name, line):
        self.name, self.line = name, line
        self.fixedmask = 0
        self.fixedbits = 0
        self.undefmask = 0
        self.fields = {}      # arg name -> Field or int constant
        self.argset = None


class Pattern(Format):
    pass


class Group:
    """A pattern group: overlap=True for { }, False for [ ]."""

    def __init__(self, overlap, line):
        self.overlap, self.line = overlap, line
        self.items = []
        self.fixedmask = 0
        self.fixedbits = 0

    def compute_fixed(self):
        mask, bits = ~0, None
        for it in self.items:
            if isinstance(it, Group):
                it.compute_fixed()
            mask &= it.fixedmask
            if bits is None:
                bits = it.fixedbits
            mask &= ~(bits ^ it.fixedbits)
        self.fixedmask = mask & 0xffffffff if self.items else 0
        self.fixedbits = (bits or 0) & self.fixedmask


# -- Parser --

class Parser:
    def __init__(self, insnwidth):
        self.width = insnwidth
        self.fields = {}
        self.argsets = {}
        self.formats = {}
        self.patterns = []       # in source order
        self.implicit = {}       # implicit argset name -> ArgSet
        self.root = Group(False, 0)
        self.stack = [self.root]
        self.where = ''

    def error(self, msg):
        raise DecodeError('%s: %s' % (self.where, msg))

    def parse_file(self, path):
        with open(path) as f:
            text = f.read()
        lines = text.split('\n')
        i = 0
        while i < len(lines):
            lineno = i + 1
            line = lines[i]
            i += 1
            while line.rstrip().endswith('\\') and i < len(lines):
                line = line.rstrip()[:-1] + ' ' + lines[i]
                i += 1
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            self.where = '%s:%d' % (path, lineno)
            self.parse_line(line.split(), lineno)
        if len(self.stack) != 1:
            self.error('unclosed group')

    def parse_line(self, toks, lineno):
        t0 = toks[0]
        if t0 in ('{', '['):
            g = Group(t0 == '{', lineno)
            self.stack[-1].items.append(g)
            self.stack.append(g)
            if len(toks) > 1:
                self.parse_line(toks[1:], lineno)
            return
        if t0 in ('}', ']'):
            if len(self.stack) == 1:
                self.error('unbalanced ' + t0)
            g = self.stack.pop()
            if g.overlap != (t0 == '}'):
                self.error('mismatched group close ' + t0)
            if len(toks) > 1:
                self.parse_line(toks[1:], lineno)
            return
        if t0[0] == '%':
            self.parse_field(t0[1:], toks[1:])
        elif t0[0] == '&':
            self.parse_argset(t0[1:], toks[1:])
        elif t0[0] == '@':
            fmt = Format(t0[1:], lineno)
            if fmt.name in self.formats:
                self.error('duplicate format ' + fmt.name)
            self.parse_body(fmt, toks[1:], is_format=True)
            self.formats[fmt.name] = fmt
        else:
            if not re.match(r'^[A-Za-z_][A-Za-z0-9_]*$', t0):
                self.error('bad pattern name ' + t0)
            pat = Pattern(t0, lineno)
            self.parse_body(pat, toks[1:], is_format=False)
            self.patterns.append(pat)
            self.stack[-1].items.append(pat)

    def parse_field(self, name, toks):
        segs, func = [], None
        for t in toks:
            if t.startswith('!function='):
                func = t[len('!function='):]
                continue
            m = re.match(r'^(\d+):(s?)(\d+)$', t)
            if not m:
                self.error('bad field segment ' + t)
            segs.append(FieldSeg(int(m.group(1)), int(m.group(3)), m.group(2) == 's'))
        if name in self.fields:
            self.error('duplicate field ' + name)
        for sg in segs:
            if sg.pos + sg.len > self.width or sg.len == 0:
                self.error('field segment out of range in %' + name)
        self.fields[name] = Field(name, segs, func)

    def parse_argset(self, name, toks):
        fields, types, extern = [], {}, False
        for t in toks:
            if t == '!extern':
                extern = True
                continue
            fname, _, ftype = t.partition(':')
            if fname in fields:
                self.error('duplicate argument ' + fname)
            fields.append(fname)
            types[fname] = ftype or 'int'
        if name in self.argsets:
            self.error('duplicate argument set ' + name)
        self.argsets[name] = ArgSet(name, fields, types, extern)

    def parse_body(self, obj, toks, is_format):
        pos = self.width
        fmt = None
        for t in toks:
            if t[0] == '&':
                if t[1:] not in self.argsets:
                    self.error('unknown argument set ' + t)
                obj.argset = self.argsets[t[1:]]
            elif t[0] == '@':
                if is_format:
                    self.error('formats cannot reference formats')
                if t[1:] not in self.formats:
                    self.error('unknown format ' + t)
                fmt = self.formats[t[1:]]
            elif t[0] == '%':
                if t[1:] not in self.fields:
                    self.error('unknown field ' + t)
                obj.fields[t[1:]] = self.fields[t[1:]]
            elif '=' in t:
                name, _, val = t.partition('=')
                if val.startswith('%'):
                    if val[1:] not in self.fields:
                        self.error('unknown field ' + val)
                    obj.fields[name] = self.fields[val[1:]]
                else:
                    try:
                        obj.fields[name] = int(val, 0)
                    except ValueError:
                        self.error('bad constant ' + t)
            elif re.match(r'^[01.\-]+$', t):
                for ch in t:
                    pos -= 1
                    if pos < 0:
                        self.error('too many bits')
                    bit = 1 << pos
                    if ch in '01':
                        obj.fixedmask |= bit
                        if ch == '1':
                            obj.fixedbits |= bit
                    elif ch == '-':
                        obj.undefmask |= bit
            else:
                m = re.match(r'^([A-Za-z_][A-Za-z0-9_]*):(s?)(\d+)$', t)
                if not m:
                    self.error('bad token ' + t)
                length = int(m.group(3))
                pos -= length
                if pos < 0 or length == 0:
                    self.error('too many bits at ' + t)
                obj.fields[m.group(1)] = Field(m.group(1), [FieldSeg(pos, length, m.group(2) == 's')], None)
        if pos != 0:
            self.error('%d bits given, %d expected' % (self.width - pos, self.width))
        if fmt is not None:
            self.merge_format(obj, fmt)
        if not is_format:
            self.finish_pattern(obj)

    def merge_format(self, pat, fmt):
        if pat.fixedmask & fmt.fixedmask & (pat.fixedbits ^ fmt.fixedbits):
            self.error('pattern fixed bits conflict with format ' + fmt.name)
        pat.fixedbits |= fmt.fixedbits
        pat.fixedmask |= fmt.fixedmask
        pat.undefmask |= fmt.undefmask
        merged = dict(fmt.fields)
        merged.update(pat.fields)
        pat.fields = merged
        if pat.argset is None:
            pat.argset = fmt.argset

    def finish_pattern(self, pat):
        if pat.argset is None and not pat.fields:
            # Field-less patterns share arg_empty so other decoders can too.
            pat.argset = self.argsets.get('empty') or self.implicit.get('empty')
            if pat.argset is None:
                pat.argset = ArgSet('empty', [], {}, False)
                self.implicit['empty'] = pat.argset
        if pat.argset is None:
            names = sorted(pat.fields.keys())
            key = pat.name
            pat.argset = ArgSet(key, names, {n: 'int' for n in names}, False)
            self.implicit[key] = pat.argset
        for f in pat.argset.fields:
            if f not in pat.fields:
                self.error('pattern %s does not set argument %s' % (pat.name, f))
        for f in pat.fields:
            if f not in pat.argset.fields:
                self.error('pattern %s sets %s, not in &%s' % (pat.name, f, pat.argset.name))


# -- Code generation --

class Emitter:
    def __init__(self, parser, decode_name, trans_prefix, trans_static):
        self.p = parser
        self.decode = decode_name
        self.prefix = trans_prefix
        self.scope = 'static ' if trans_static else ''
        self.out = []
        self.itype = 'uint16_t' if parser.width == 16 else 'uint32_t'

    def w(self, indent, text):
        self.out.append('    ' * indent + text)

    def all_argsets(self):
        seen = []
        for a in list(self.p.argsets.values()) + list(self.p.implicit.values()):
            if not a.extern and a not in seen:
                seen.append(a)
        return seen

    def emit_types(self):
        self.w(0, '#include <stdbool.h>')
        self.w(0, '#include <stdint.h>')
        self.w(0, '')
        for a in self.all_argsets():
            guard = 'DECODE_ARG_%s_DEFINED' % a.name
            self.w(0, '#ifndef ' + guard)
            self.w(0, '#define ' + guard)
            body = ' '.join('%s %s;' % (a.types[f], f) for f in a.fields)
            self.w(0, 'typedef struct { %s } arg_%s;' % (body, a.name) if body
                   else 'typedef struct { char unused_; } arg_%s;' % a.name)
            self.w(0, '#endif')
        self.w(0, '')
        done = set()
        for pat in self.p.patterns:
            if pat.name in done:
                continue
            done.add(pat.name)
            self.w(0, '%sbool %s_%s(DisasContext *s, arg_%s *a);' %
                   (self.scope, self.prefix, pat.name, pat.argset.name))
        self.w(0, '')

    def emit_extract_helpers(self):
        self.w(0, '#ifndef DECODE_EXTRACT_DEFINED')
        self.w(0, '#define DECODE_EXTRACT_DEFINED')
        self.w(0, 'static inline int dt_extract32(uint32_t v, int pos, int len)')
        self.w(0, '{')
        self.w(1, 'return (int)((v >> pos) & (len == 32 ? ~0u : (1u << len) - 1));')
        self.w(0, '}')
        self.w(0, 'static inline int dt_sextract32(uint32_t v, int pos, int len)')
        self.w(0, '{')
        self.w(1, 'return (int)((int32_t)(v << (32 - pos - len)) >> (32 - len));')
        self.w(0, '}')
        self.w(0, '#endif')
        self.w(0, '')

    def emit_call(self, pat, indent):
        a = pat.argset
        self.w(indent, '{')
        self.w(indent + 1, 'arg_%s u;' % a.name)
        if not a.fields:
            self.w(indent + 1, 'u.unused_ = 0;')
        for f in a.fields:
            v = pat.fields[f]
            expr = str(v) if isinstance(v, int) else v.c_expr()
            self.w(indent + 1, 'u.%s = %s;' % (f, expr))
        self.w(indent + 1, 'if (%s_%s(s, &u)) {' % (self.prefix, pat.name))
        self.w(indent + 2, 'return true;')
        self.w(indent + 1, '}')
        self.w(indent, '}')

    def emit_item(self, item, tested, indent):
        """A single candidate whose remaining fixed bits still need testing."""
        mask = item.fixedmask & ~tested & 0xffffffff
        if mask:
            self.w(indent, 'if ((insn & 0x%08xu) == 0x%08xu) {' % (mask, item.fixedbits & mask))
            indent += 1
        if isinstance(item, Group):
            self.emit_list(item.items, tested | mask, indent)
        else:
            self.emit_call(item, indent)
        if mask:
            self.w(indent - 1, '}')

    def emit_list(self, items, tested, indent):
        """Ordered candidates: the first that matches and accepts wins."""
        if not items:
            return
        if len(items) == 1:
            self.emit_item(items[0], tested, indent)
            return
        common = ~tested & 0xffffffff
        for it in items:
            common &= it.fixedmask
        if common:
            self.emit_switch(items, tested, common, indent)
            return
        # No bit is fixed in every candidate: cut the list into runs of
        # consecutive candidates that do share fixed bits, and try the runs
        # in order.  Order is what overlapping groups rely on.
        run, run_mask = [], 0
        for it in items:
            m = (run_mask if run else ~tested & 0xffffffff) & it.fixedmask
            if run and not m:
                self.emit_list(run, tested, indent)
                run, m = [], ~tested & 0xffffffff & it.fixedmask
            run.append(it)
            run_mask = m
        self.emit_list(run, tested, indent)

    def emit_switch(self, items, tested, mask, indent):
        cases = {}
        for it in items:
            cases.setdefault(it.fixedbits & mask, []).append(it)
        if len(cases) == 1:
            val = list(cases.keys())[0]
            self.w(indent, 'if ((insn & 0x%08xu) == 0x%08xu) {' % (mask, val))
            self.emit_list(items, tested | mask, indent + 1)
            self.w(indent, '}')
            return
        self.w(indent, 'switch (insn & 0x%08xu) {' % mask)
        for val in sorted(cases):
            self.w(indent, 'case 0x%08xu:' % val)
            self.emit_list(cases[val], tested | mask, indent + 1)
            self.w(indent + 1, 'break;')
        self.w(indent, '}')

    def emit_decoder(self):
        self.w(0, 'static bool %s(DisasContext *s, %s insn)' % (self.decode, self.itype))
        self.w(0, '{')
        self.emit_list(self.p.root.items, 0, 1)
        self.w(1, 'return false;')
        self.w(0, '}')

    def pattern_list(self):
        self.w(0, '/* Generated by tools/decodetree.py: do not edit. */')
        done = set()
        for pat in self.p.patterns:
            if pat.name not in done:
                done.add(pat.name)
                self.w(0, 'DECODE_PATTERN(%s, %s)' % (pat.name, pat.argset.name))
        return '\n'.join(self.out) + '\n'

    def generate(self, header_only):
        self.w(0, '/* Generated by tools/decodetree.py: do not edit. */')
        self.emit_types()
        if not header_only:
            self.emit_extract_helpers()
            self.p.root.compute_fixed()
            self.emit_decoder()
        return '\n'.join(self.out) + '\n'


def main(argv):
    decode_name, prefix, static, width, header, output = 'decode', 'trans', True, 32, False, None
    plist = False
    files = []
    args = list(argv)
    while args:
        a = args.pop(0)
        opt, eq, val = a.partition('=')
        needs = opt in ('--decode', '--static-decode', '--translate', '--insnwidth', '-o', '--output')
        if needs and not eq:
            if not args:
                sys.stderr.write('decodetree: %s needs a value\n' % opt)
                return 2
            val = args.pop(0)
        if opt in ('--decode', '--static-decode'):
            decode_name = val
        elif opt == '--translate':
            prefix, static = val, False
        elif opt == '--insnwidth':
            width = int(val)
            if width not in (16, 32):
                sys.stderr.write('decodetree: insnwidth must be 16 or 32\n')
                return 2
        elif opt == '--header':
            header = True
        elif opt == '--pattern-list':
            plist = True
        elif opt in ('-o', '--output'):
            output = val
        elif a.startswith('-'):
            sys.stderr.write('decodetree: unknown option %s\n' % a)
            return 2
        else:
            files.append(a)
    if not files:
        sys.stderr.write('usage: decodetree.py [options] FILE.decode...\n')
        return 2
    parser = Parser(width)
    try:
        for f in files:
            parser.parse_file(f)
        em = Emitter(parser, decode_name, prefix, static)
        text = em.pattern_list() if plist else em.generate(header)
    except (DecodeError, OSError) as e:
        sys.stderr.write('decodetree: %s\n' % e)
        return 1
    if output:
        with open(output, 'w') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
