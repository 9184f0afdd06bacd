import { describe, expect, it } from 'vitest';
import { analyze, byLine, py, sinks, sinksViaContext } from './helpers.js';

const HEAD = 'import os, subprocess, html, shlex, re, sys\nfrom flask import request, abort\n';

/** Sinks found in a snippet placed after HEAD (lines counted from the snippet's first line). */
function found(src: string): string[] {
  return sinks(HEAD + src)
    .map((s) => s.replace(/@(\d+)$/, (_, n: string) => `@${String(Number(n) - 2)}`))
    .sort(byLine);
}

describe('dataflow engine: strong updates and branches', () => {
  it('a variable overwritten with a constant on every path is clean', () => {
    expect(
      found(py`
        x = input()
        if x:
            x = "a"
        else:
            x = "b"
        os.system(x)
      `),
    ).toEqual([]);
  });

  it('overwritten on one branch only, it is still tainted', () => {
    expect(
      found(py`
        x = input()
        if len(x) > 3:
            x = "a"
        os.system(x)
      `),
    ).toEqual(['command@4']);
  });

  it('follows only the live branch of a constant condition', () => {
    expect(
      found(py`
        x = input()
        if 7 * 18 > 200:
            x = "safe"
        os.system(x)
        y = input()
        if 7 * 18 < 200:
            y = "safe"
        os.system(y)
        if False:
            os.system(input())
      `),
    ).toEqual(['command@4']);
  });

  it('evaluates conditions on constant-bound names, and conditional expressions', () => {
    expect(
      found(py`
        LIMIT = 10
        mode = "strict"
        def f():
            v = input()
            a = "ok" if LIMIT > 5 else v
            os.system(a)
            b = v if mode == "strict" else "ok"
            os.system(b)
            c = "x" if mode != "strict" else "y"
            os.system(c)
        f()
      `),
    ).toEqual(['command@8']);
  });

  it('joins a conditional expression with an unknown condition', () => {
    expect(
      found(py`
        v = input()
        a = v if v.startswith("a") else "ok"
        os.system(a)
      `),
    ).toEqual(['command@3']);
  });
});

describe('dataflow engine: containers', () => {
  it('reads back exactly the value stored at a constant index or key', () => {
    expect(
      found(py`
        t = input()
        lst = [t, "ls"]
        os.system(lst[1])
        os.system(lst[0])
        d = {"cmd": "ls", "user": t}
        os.system(d["cmd"])
        os.system(d.get("cmd"))
        os.system(d["user"])
        tup = ("a", t)
        os.system(tup[0])
        a, b = tup
        os.system(a)
        os.system(b)
        os.system(lst[-1])
      `),
    ).toEqual(['command@4', 'command@8', 'command@13']);
  });

  it('is conservative after a write at an unknown key', () => {
    expect(
      found(py`
        t = input()
        k = t[0]
        d = {"cmd": "ls"}
        d[k] = t
        os.system(d["cmd"])
        e = {"cmd": "ls"}
        e["other"] = t
        os.system(e["cmd"])
      `),
    ).toEqual(['command@5']);
  });

  it('tracks append at a known length and collapses after insert (conservative)', () => {
    expect(
      found(py`
        t = input()
        args = ["echo"]
        args.append(t)
        os.system(args[0])
        os.system(args[1])
        other = ["a", "b"]
        other.insert(0, t)
        os.system(other[1])
        whole = []
        whole.extend([t])
        os.system(" ".join(whole))
      `),
    ).toEqual(['command@5', 'command@8', 'command@11']);
  });

  it('remove() of a constant and reverse() keep positions; sort() collapses the list', () => {
    expect(
      found(py`
        t = input()
        a = ["x", "y", t]
        a.remove("x")
        os.system(a[0])
        os.system(a[1])
        b = [t, "y", "z"]
        b.reverse()
        os.system(b[0])
        os.system(b[2])
        c = ["a", t]
        c.sort()
        os.system(c[0])
        d = [t, "x"]
        d.remove("x")
        os.system(d[0])
        d.clear()
        os.system(" ".join(d))
      `),
    ).toEqual(['command@5', 'command@9', 'command@12', 'command@15']);
  });

  it('pop() at a known position takes that element and shifts the rest', () => {
    expect(
      found(py`
        t = input()
        q = ["ls", t]
        os.system(q.pop(0))
        os.system(q[0])
        r = [t, "ls"]
        os.system(r.pop())
        os.system(r.pop())
        u = list(sys.argv)
        os.system(u.pop())
      `),
    ).toEqual(['command@4', 'command@7', 'command@9']);
  });
});

describe('dataflow engine: classes, attributes and helpers', () => {
  it('follows a field set in one method and read in another', () => {
    expect(
      found(py`
        class Job:
            def __init__(self):
                self.cmd = input()
                self.safe = "ls"
            def run(self):
                os.system(self.cmd)
                os.system(self.safe)
      `),
    ).toEqual(['command@6']);
  });

  it('follows constructor arguments into object attributes', () => {
    expect(
      found(py`
        class Box:
            def __init__(self, value, label):
                self.value = value
                self.label = label
        b = Box(input(), "fixed")
        os.system(b.value)
        os.system(b.label)
        o = Box("a", "b")
        o.value = input()
        os.system(o.value)
        os.system(o.label)
      `),
    ).toEqual(['command@6', 'command@10']);
  });

  it('applies helper summaries: parameter to return, parameter to sink', () => {
    const src = py`
      def build(x):
          return "ls " + x
      def ident(x, y):
          return y
      def run(c):
          os.system(c)
      t = input()
      os.system(build(t))
      os.system(ident(t, "safe"))
      run(t)
      run("fixed")
    `;
    expect(found(src)).toEqual(['command@6', 'command@8']);
    const viaHelper = analyze(HEAD + src).find((f) => f.sinkNode.range().start.line === 2 + 5);
    const messages = viaHelper?.trace.map((s) => s.message) ?? [];
    expect(messages[0]).toMatch(/user input/);
    expect(messages).toContain('passed to `run()`');
    expect(messages[messages.length - 1]).toMatch(/reaches shell command/);
  });

  it('follows methods that store into self and helpers calling helpers', () => {
    expect(
      found(py`
        class Runner:
            def set(self, c):
                self.c = c
            def go(self):
                self.execute_it(self.c)
            def execute_it(self, what):
                os.system(what)
        r = Runner()
        r.set(input())
        r.go()
        def outer(a):
            return inner(a)
        def inner(b):
            return b.strip()
        os.system(outer(input()))
      `),
    ).toEqual(['command@7', 'command@15']);
  });

  it('bounds recursion', () => {
    expect(
      found(py`
        def rec(x, n):
            if n == 0:
                return x
            return rec(x, n - 1)
        def loop_a(x):
            return loop_b(x)
        def loop_b(x):
            return loop_a(x)
        os.system(rec(input(), 5))
        os.system(loop_a("safe"))
      `),
    ).toEqual(['command@9']);
  });
});

describe('dataflow engine: strings and loops', () => {
  it('propagates through formatting and string methods', () => {
    expect(
      found(py`
        t = input()
        os.system(f"ls {t}")
        os.system("ls %s" % t)
        os.system("ls {}".format(t))
        os.system(" ".join(["ls", t]))
        os.system(t.strip().lower()[1:])
        os.system(t.encode().decode())
        os.system(str(len(t)))
        os.system("ls " + "x")
      `),
    ).toEqual(['command@2', 'command@3', 'command@4', 'command@5', 'command@6', 'command@7']);
  });

  it('carries taint around loops to a fixed point', () => {
    expect(
      found(py`
        prev = "ls"
        for i in range(3):
            os.system(prev)
            prev = input()
        acc = ""
        for part in sys.argv:
            acc = acc + part
        os.system(acc)
        n = "ok"
        while True:
            os.system(n)
            break
      `),
    ).toEqual(['command@3', 'command@8']);
  });

  it('iterates containers and comprehensions', () => {
    expect(
      found(py`
        items = [input()]
        for it in items:
            os.system(it)
        names = [x.upper() for x in sys.argv]
        os.system(names[0])
        safe = [c for c in ["a", "b"]]
        os.system(safe[0])
      `),
    ).toEqual(['command@3', 'command@5']);
  });
});

describe('dataflow engine: sanitizers and validators', () => {
  it('a sanitizer only cleans the sink kinds it is for', () => {
    expect(
      found(py`
        t = input()
        e = html.escape(t)
        os.system(e)
        html_sink(e)
        q = shlex.quote(t)
        os.system(q)
        html_sink(q)
        n = int(t)
        os.system(n)
        html_sink(n)
      `),
    ).toEqual(['command@3', 'html@7']);
  });

  it('an allow-list check cleans the value on the checked branch only', () => {
    expect(
      found(py`
        ALLOWED = ["ls", "df"]
        t = input()
        if t in ALLOWED:
            os.system(t)
        else:
            os.system(t)
        u = input()
        if u not in ALLOWED:
            abort(400)
        os.system(u)
        w = input()
        if w not in ALLOWED:
            raise ValueError(w)
        os.system(w)
      `),
    ).toEqual(['command@6']);
  });

  it('pattern and digit checks validate; an unanchored or loose pattern does not', () => {
    expect(
      found(py`
        t = input()
        if re.fullmatch(r"[a-z]+", t):
            os.system(t)
        if re.fullmatch(r".*", t):
            os.system(t)
        if t.isdigit():
            os.system(t)
        if not t.isdigit():
            sys.exit(1)
        os.system(t)
      `),
    ).toEqual(['command@5']);
  });

  it('a realpath prefix check validates the path', () => {
    expect(
      found(py`
        p = input()
        full = os.path.realpath(p)
        if full.startswith("/srv/"):
            os.system(full)
        if p.startswith("/srv/"):
            os.system(p)
      `),
    ).toEqual(['command@6']);
  });

  it('a cast inside a try whose handlers all leave validates the value after the try', () => {
    expect(
      found(py`
        def view():
            t = input()
            try:
                int(t)
            except ValueError:
                return "bad"
            os.system("kill " + t)
            u = input()
            try:
                float(u)
            except ValueError:
                print("not a number")
            os.system("kill " + u)
        view()
      `),
    ).toEqual(['command@13']);
  });

  it("a helper that aborts unless its argument is valid validates the caller's variable", () => {
    expect(
      found(py`
        ALLOWED = ["a", "b"]
        def check(value):
            if value not in ALLOWED:
                raise ValueError(value)
        def check_html(value):
            return html.escape(value)
        def rename(value):
            value = "x"
        t = input()
        check(t)
        os.system(t)
        u = input()
        check_html(u)
        os.system(u)
        w = input()
        rename(w)
        os.system(w)
      `),
    ).toEqual(['command@14', 'command@17']);
  });

  it('a predicate helper validates its argument where it returns true', () => {
    expect(
      found(py`
        HOSTS = ("alpha", "beta")
        def is_known(host):
            return host in HOSTS
        def looks_fine(host):
            return len(host) > 0
        def strict(host):
            if host in HOSTS:
                return True
            return False
        a = input()
        if not is_known(a):
            sys.exit(1)
        os.system(a)
        b = input()
        if looks_fine(b):
            os.system(b)
        c = input()
        if strict(c):
            os.system(c)
        os.system(c)
      `),
    ).toEqual(['command@16', 'command@20']);
  });

  it('follows values a generator yields into the loop that consumes it', () => {
    expect(
      found(py`
        def lines(values):
            for v in values:
                yield v.strip()
        def fixed():
            yield "ls"
        for line in lines(sys.argv):
            os.system(line)
        for line in fixed():
            os.system(line)
      `),
    ).toEqual(['command@7']);
  });

  it('unrolls a loop while its condition is a constant', () => {
    expect(
      found(py`
        code = input()
        i = 0
        while i < 1:
            code = "1"
            i += 1
        os.system(code)
        other = input()
        j = 0
        while j < 100:
            if j == 50:
                other = "x"
            j += 1
        os.system(other)
      `),
    ).toEqual(['command@13']);
  });

  it('loops over a constant non-empty range always run their body', () => {
    expect(
      found(py`
        cmd = input()
        for i in range(3):
            cmd = "ls"
        os.system(cmd)
        code = input()
        for c in ["a"]:
            code = c
        os.system(code)
        other = input()
        for i in range(0):
            other = "ls"
        os.system(other)
      `),
    ).toEqual(['command@12']);
  });

  it('getattr with a constant name reads that attribute', () => {
    expect(
      found(py`
        class Box:
            def __init__(self, label, body):
                self.label = label
                self.body = body
        box = Box("fixed", input())
        os.system(getattr(box, "label"))
        os.system(getattr(box, "body"))
      `),
    ).toEqual(['command@7']);
  });

  it('equality with a constant makes the value that constant', () => {
    expect(
      found(py`
        t = input()
        if t == "status":
            os.system(t)
        if t != "ok":
            return_value = 1
        else:
            os.system(t)
      `),
    ).toEqual([]);
  });
});

describe('dataflow engine: safe API forms', () => {
  it('a list with a constant program and no shell is not a command sink', () => {
    expect(
      found(py`
        t = input()
        subprocess.run(["ls", t])
        subprocess.run(t)
        subprocess.run([t, "-l"])
        subprocess.run(["ls", t], shell=True)
        cmd = ["grep", t]
        subprocess.run(cmd)
        subprocess.run(args=["ls", t])
      `),
    ).toEqual(['command@3', 'command@4', 'command@5']);
  });

  it('only the query argument of execute is a SQL sink', () => {
    expect(
      found(py`
        t = input()
        cur.execute("SELECT * FROM u WHERE n = %s", (t,))
        cur.execute("SELECT * FROM u WHERE n = '%s'" % t)
        cur.execute(sql="SELECT " + t)
      `),
    ).toEqual(['sql@3', 'sql@4']);
  });
});

describe('dataflow engine: constant prefixes, dictionaries and propagators', () => {
  it('a URL whose host is fixed by a constant prefix is a safe form', () => {
    expect(
      sinks(py`
        import requests
        BASE = "https://api.example.com"
        t = input()
        requests.get(f"{BASE}/users/{t}")
        requests.get("https://api.example.com/u/" + t)
        requests.get("https://api.example.com/u/%s" % t)
        requests.get("https://api.example.com/u/{}".format(t))
        requests.get(t)
        requests.get(f"{t}/path")
        requests.get("https://" + t)
        u = "https://api.example.com/" + t if t else "https://api.example.com/x"
        requests.get(u)
      `),
    ).toEqual(['url@8', 'url@9', 'url@10']);
  });

  it("a value read from a constant table at a client-chosen key is the table's", () => {
    expect(
      found(py`
        TABLE = {"a": "ls", "b": "df"}
        k = input()
        os.system(TABLE.get(k, "true"))
        os.system(TABLE[k])
        os.system(TABLE.get(k, k))
      `),
    ).toEqual(['command@5']);
  });

  it('applies receiver propagators', () => {
    expect(
      found(py`
        buf = Buffer()
        buf.fill(input())
        os.system(buf.value())
        other = Buffer()
        other.fill("x")
        os.system(other.value())
      `),
    ).toEqual(['command@3']);
  });
});

describe('dataflow engine: match, dataclasses, closures, builders, decoders', () => {
  it('a match on a constant subject takes only the matching case', () => {
    expect(
      found(py`
        t = input()
        mode = "fast"
        match mode:
            case "fast":
                cmd = "uptime"
            case _:
                cmd = t
        os.system(cmd)
        match t:
            case "a":
                c2 = "ls"
            case other:
                c2 = other
        os.system(c2)
      `),
    ).toEqual(['command@14']);
  });

  it('binds dataclass-style fields and keeps class defaults', () => {
    expect(
      found(py`
        class Task:
            name: str
            command: str = "uptime"
        task = Task(name=input())
        os.system(task.command)
        os.system(task.name)
        t2 = Task(input(), "ls")
        os.system(t2.command)
        os.system(t2.name)
      `),
    ).toEqual(['command@6', 'command@9']);
  });

  it('a nested function reads the enclosing variables', () => {
    expect(
      found(py`
        def outer(host):
            def inner():
                return "ping " + host
            return inner()
        os.system(outer(input()))
        os.system(outer("localhost"))
      `),
    ).toEqual(['command@5']);
  });

  it('a method returning self carries what it stored (builders)', () => {
    expect(
      found(py`
        class Runner:
            def __init__(self):
                self.args = []
            def add(self, value):
                self.args.append(value)
                return self
            def line(self):
                return " ".join(self.args)
        r = Runner().add("ls").add(input())
        os.system(r.line())
        s = Runner().add("ls").add("-l")
        os.system(s.line())
      `),
    ).toEqual(['command@10']);
  });

  it('a decoder undoes what an escape made safe', () => {
    expect(
      found(py`
        e = html.escape(input())
        html_sink(e)
        html_sink(html.unescape(e))
      `),
    ).toEqual(['html@3']);
  });
});

describe('dataflow engine: frameworks, stores and returns', () => {
  it('treats route parameters and request values as sources', () => {
    expect(
      sinks(py`
        import os
        from flask import Flask, request
        app = Flask(__name__)
        @app.route("/run/<name>")
        def run(name):
            os.system(name)
            os.system(request.args.get("x"))
            return name
        def plain(name):
            os.system(name)
      `),
    ).toEqual(['command@6', 'command@7', 'html@8']);
  });

  it('treats only some attributes of a Django request as data', () => {
    expect(
      sinks(py`
        import os
        from django.http import HttpResponse
        def view(request):
            os.system(request.GET["q"])
            os.system(request.user.name)
            return HttpResponse("ok")
      `),
    ).toEqual(['command@4']);
  });

  it('recognises request attributes of an http.server handler', () => {
    expect(
      sinks(py`
        import os
        from http.server import BaseHTTPRequestHandler
        class H(BaseHTTPRequestHandler):
            def do_GET(self):
                os.system(self.path)
                os.system(self.server_version)
      `),
    ).toEqual(['command@5']);
  });

  it('reports writes to a sink attribute', () => {
    expect(
      found(py`
        t = input()
        resp.headers["X-Name"] = t
        resp.headers["X-Fixed"] = "v"
      `),
    ).toEqual(['header@2']);
  });
});

describe('dataflow engine: traces', () => {
  it('lists the source, each step and the sink in order', () => {
    const src = py`
      import os
      def wrap(v):
          w = "[" + v + "]"
          return w
      raw = input()
      cmd = wrap(raw)
      os.system(cmd)
    `;
    const [f] = analyze(src);
    expect(f?.trace.map((s) => [s.kind, s.node.range().start.line + 1, s.message])).toEqual([
      ['source', 5, 'user input: `input()`'],
      ['step', 5, 'assigned to `raw`'],
      ['step', 6, 'passed to `wrap()`'],
      ['step', 3, 'assigned to `w`'],
      ['step', 6, 'returned from `wrap()`'],
      ['step', 6, 'assigned to `cmd`'],
      ['sink', 7, 'reaches shell command `os.system`'],
    ]);
  });
});

describe('dataflow engine: robustness', () => {
  it('survives deep nesting', () => {
    const deepExpr = `${'('.repeat(400)}input()${')'.repeat(400)}`;
    const deepIf = Array.from(
      { length: 120 },
      (_, i) => `${'    '.repeat(i)}if x${String(i)}:`,
    ).join('\n');
    const src = `import os\nv = ${deepExpr}\nos.system(v)\n${deepIf}\n${'    '.repeat(120)}os.system(input())\n`;
    expect(() => analyze(src)).not.toThrow();
    expect(sinks(src)).toContain('command@3');
  });

  it('survives syntax errors', () => {
    for (const src of [
      'def f(:\n  os.system(input()\n',
      'x = = 3\nif\n',
      '))))((((',
      'class :\n',
      '\u0000\u0001',
    ]) {
      expect(() => analyze(`import os\n${src}`)).not.toThrow();
    }
  });

  it('handles a 1000-statement function', () => {
    const body = Array.from(
      { length: 1000 },
      (_, i) => `    v${String(i + 1)} = v${String(i)} + "x"`,
    ).join('\n');
    const src = `import os\ndef f():\n    v0 = input()\n${body}\n    os.system(v1000)\nf()\n`;
    expect(sinks(src)).toEqual(['command@1004']);
  });

  it('lowers every construct without crashing', () => {
    const src = py`
      import os
      async def f(a, *args, b=1, **kw):
          async with lock as l:
              pass
          try:
              x = input()
          except (ValueError, KeyError) as e:
              x = str(e)
          else:
              pass
          finally:
              del a
          g = lambda q: q + x
          s = {k: v for k, v in kw.items() if k}
          (y := x)
          first, *rest = [x, 1, 2]
          match x:
              case [p, q] if p:
                  os.system(p)
              case {"k": v}:
                  pass
              case _:
                  pass
          with open(x) as fh, open("f") as (g1, g2):
              os.system(fh.read())
          global G
          assert x in ("a", "b")
          os.system(x)
          yield x
          await f(x)
          return [*rest], {**kw}
    `;
    expect(() => analyze(src)).not.toThrow();
    expect(sinks(src)).toEqual(['command@19', 'command@25']);
  });
});

describe('dataflow engine: the rule-facing entry point', () => {
  it('skips files without a source, and finds flows whose sink is in a function without one', () => {
    expect(sinksViaContext('import os\ndef f(x):\n    os.system(x)\n')).toEqual([]);
    expect(
      sinksViaContext(py`
        import os
        CMD = input()
        class Job:
            def __init__(self):
                self.cmd = input()
            def run(self):
                os.system(self.cmd)
        def helper(c):
            os.system(c)
        def later():
            os.system(CMD)
        def caller():
            helper(input())
      `),
    ).toEqual(['command@7', 'command@9', 'command@11']);
  });

  it('analyses the other methods of a class whose fields hold a source', () => {
    expect(
      sinksViaContext(py`
        import os
        class Job:
            def __init__(self):
                self.cmd = input()
                self.fixed = "ls"
            def run(self):
                os.system(self.cmd)
                os.system(self.fixed)
      `),
    ).toEqual(['command@7']);
  });

  it('reports one finding per sink, with the shortest trace', () => {
    const found = analyze(py`
      import os
      a = input()
      b = "x" + input()
      c = a if len(a) > 2 else b
      os.system(c)
    `);
    expect(found).toHaveLength(1);
    expect(found[0]?.trace.map((s) => s.message)).toEqual([
      'user input: `input()`',
      'assigned to `a`',
      'assigned to `c`',
      'reaches shell command `os.system`',
    ]);
  });
});
