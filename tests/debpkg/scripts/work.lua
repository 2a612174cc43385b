-- tests/debpkg/scripts/work.lua — string, number, table and coroutine work
-- for the lua5.4 case of the debpkg suite; prints only deterministic results.
local function lcg(s) return (s * 1103515245 + 12345) % 2147483648 end

-- numbers: integer and float arithmetic, floor division, bit operations
local s, acc, facc = 1, 0, 0.0
for i = 1, 20000 do
  s = lcg(s)
  acc = acc + (s % 1000) * i
  facc = facc + math.sin(i) * math.sqrt(s % 97 + 1) / (i + 0.5)
end
print(acc, string.format("%.12f", facc), 7 // 2, -7 // 2, 7 % -3, -7.5 // 2, 2^53 + 1)
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger, 0x7fffffff << 3,
      ~0 >> 60, 5 & 3 | 8 ~ 1, math.tointeger(3.0), 1e308 * 10, -(0/0) ~= -(0/0))
print(string.format("%.17g %.17g %.17g %a", 0.1 + 0.2, 1 / 3, math.pi, 1.5))
print(math.fmod(-7, 3), math.fmod(7.5, 2), math.ult(1, -1), math.abs(math.mininteger), math.floor(-0.5))

-- strings
local words = {}
for w in ("the quick brown fox jumps over the lazy dog again and again"):gmatch("%a+") do
  words[#words + 1] = w
end
local freq = {}
for _, w in ipairs(words) do freq[w] = (freq[w] or 0) + 1 end
local keys = {}
for k in pairs(freq) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) if freq[a] ~= freq[b] then return freq[a] > freq[b] end return a < b end)
for _, k in ipairs(keys) do io.write(k, "=", freq[k], " ") end
print()
print(("hello world"):gsub("o", "0"), ("abc"):rep(3, "-"), ("Lua"):upper(), ("%d items"):format(42),
      ("x=1, y=22, z=333"):gsub("(%w+)=(%d+)", "%2:%1"), ("  trim  "):match("^%s*(.-)%s*$"))
print(string.byte("ABCD", 1, -1), string.char(72, 105), #string.rep("ab", 1000), ("%q"):format("a\n\0b"))
print(string.pack("<i4 >i8 z d", -2, 1 << 40, "hi", 2.5):byte(1, -1))
print(string.unpack("<i2 >I3", "\255\127\1\2\3"))

-- tables: sort of 5000 pseudo-random numbers, concat, insert/remove
local t = {}
s = 42
for i = 1, 5000 do s = lcg(s); t[i] = s % 100000 end
table.sort(t)
local sum = 0
for i = 1, #t, 50 do sum = sum + t[i] end
print(t[1], t[#t], t[2500], sum, table.concat(t, ",", 1, 8))
table.insert(t, 1, -1); table.remove(t, 3); print(#t, t[1], t[2], t[3], select("#", table.unpack(t, 1, 10)))

-- closures and coroutines
local function counter() local n = 0; return function() n = n + 1; return n end end
local c1, c2 = counter(), counter()
c1(); c1()
print(c1(), c2())
local gen = coroutine.wrap(function() for i = 1, 5 do coroutine.yield(i * i) end end)
local out = {}
for _ = 1, 5 do out[#out + 1] = gen() end
print(table.concat(out, " "))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(24), pcall(error, {code = 7}), select(2, pcall(function() return nil + 1 end)))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"), #utf8.char(128512))
