import { describe, expect, it } from 'vitest';
import { py } from './helpers.js';
import { C_TEST_SPEC, cAnalyze, cSinks } from './c-helpers.js';

const c = py;

describe('C dataflow: sources, out-parameters and propagators', () => {
  it('a source call result reaches a sink through assignments', () => {
    expect(
      cSinks(c`
        #include <stdlib.h>
        void f(void) {
          const char *home = getenv("HOME");
          char *cmd = home;
          system(cmd);
          system("ls");
        }
      `),
    ).toEqual(['command@5']);
  });

  it('out-parameter sources taint the buffer, not the count', () => {
    expect(
      cSinks(c`
        void f(int s) {
          char buf[256];
          int n = recv(s, buf, sizeof buf, 0);
          char small[8];
          snprintf(small, sizeof small, "%d", n);
          system(small);
          system(buf);
        }
      `),
    ).toEqual(['command@7']);
  });

  it('strcpy replaces the destination, strcat appends to it, sprintf formats into it', () => {
    expect(
      cSinks(c`
        void f(void) {
          char line[100], cmd[200], a[50], b[50];
          fgets(line, sizeof line, stdin);
          strcpy(a, line);
          system(a);
          strcpy(a, "safe");
          system(a);
          strcpy(b, "ls ");
          strcat(b, line);
          system(b);
          sprintf(cmd, "grep %s file", line);
          system(cmd);
          snprintf(cmd, sizeof cmd, "uptime");
          system(cmd);
        }
      `),
    ).toEqual(['command@5', 'command@10', 'command@12']);
  });

  it('traces name the source call, the copy and the sink', () => {
    const found = cAnalyze(c`
      void f(int s) {
        char buf[64], cmd[128];
        recv(s, buf, 63, 0);
        snprintf(cmd, sizeof cmd, "ls %s", buf);
        system(cmd);
      }
    `);
    expect(
      found[0]?.trace.map(
        (t) => `${t.kind}@${String(t.node.range().start.line + 1)}: ${t.message}`,
      ),
    ).toEqual([
      'source@3: network data: `recv(s, buf, 63, 0)`',
      'step@4: copied into `cmd` by `snprintf()`',
      'sink@5: reaches shell command `system`',
    ]);
  });

  it('writes through &x, buf + n, &buf[i], *p and struct fields', () => {
    expect(
      cSinks(c`
        struct req { char name[64]; int id; };
        void f(int s, struct req *r, struct req q) {
          char buf[100];
          recv(s, &buf[10], 20, 0);
          system(buf);
          recv(s, r->name, 64, 0);
          system(r->name);
          system("x");
          recv(s, &q.name, 64, 0);
          popen(q.name, "r");
          char *p = malloc(10);
          recv(s, p + 2, 8, 0);
          system(p);
        }
      `),
    ).toEqual(['command@5', 'command@7', 'command@10', 'command@13']);
  });

  it('writes into an element of unknown position taint the whole array', () => {
    expect(
      cSinks(c`
        struct req { char name[64]; };
        void f(int s, int i) {
          struct req reqs[4];
          recv(s, reqs[i].name, 64, 0);
          system(reqs[0].name);
          char *vals[8];
          vals[i] = getenv("V");
          system(vals[1]);
        }
      `),
    ).toEqual(['command@5', 'command@8']);
  });

  it('scanf-style sources fill every destination after the format', () => {
    expect(
      cSinks(c`
        void f(void) {
          char a[10], b[10];
          scanf("%9s %9s", a, b);
          system(b);
        }
      `),
    ).toEqual(['command@4']);
  });

  it('argv of main is a parameter source; other functions named differently are not', () => {
    const found = cAnalyze(c`
      int main(int argc, char **argv) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "ls %s", argv[1]);
        return system(cmd);
      }
      int helper(int argc, char **argv) { return system(argv[1]); }
    `);
    expect(found.map((f) => f.sinkNode.range().start.line + 1)).toEqual([4]);
    const first = found[0];
    expect(first?.trace[0]?.kind).toBe('source');
    expect(first?.trace[0]?.node.text()).toBe('char **argv');
    expect(first?.sourceLabel).toBe('command line');
  });

  it('a source value (optarg) and sanitizers', () => {
    expect(
      cSinks(c`
        void f(void) {
          system(optarg);
          int n = atoi(optarg);
          char cmd[20];
          sprintf(cmd, "kill %d", n);
          system(cmd);
          system(shell_quote(optarg));
        }
      `),
    ).toEqual(['command@2']);
  });

  it('a sanitizer writing its result into an argument cleans that argument for its kinds only', () => {
    expect(
      cSinks(
        c`
        void f(QSqlDatabase db) {
          char raw[100], esc[200];
          fgets(raw, sizeof raw, stdin);
          sql_escape(esc, raw);
          db.exec(esc);
          system(esc);
        }
      `,
        true,
      ),
    ).toEqual(['command@6']);
  });

  it('variadic sinks with a condition on a constant argument (execl of a shell)', () => {
    expect(
      cSinks(c`
        #define SHELL "/bin/sh"
        void f(void) {
          char *x = getenv("X");
          execl(SHELL, "sh", "-c", x, NULL);
          execl("/usr/bin/env", "env", x, NULL);
        }
      `),
    ).toEqual(['command@4']);
  });
});

describe('C dataflow: functions of the file', () => {
  it('summaries carry taint through arguments and return values', () => {
    expect(
      cSinks(c`
        static char *wrap(const char *s) { return strdup(s); }
        static void run(const char *c) { system(c); }
        void f(void) {
          char *e = getenv("E");
          run(wrap(e));
          run("fixed");
        }
      `),
    ).toEqual(['command@2']);
  });

  it('out-parameter summaries: a helper filling its pointer argument', () => {
    const found = cAnalyze(c`
      static void read_cmd(char *out, size_t n) { fgets(out, n, stdin); }
      static void fill_const(char *out) { strcpy(out, "ls"); }
      void f(void) {
        char cmd[100], other[100];
        read_cmd(cmd, sizeof cmd);
        system(cmd);
        fill_const(other);
        system(other);
      }
    `);
    expect(found.map((f) => f.sinkNode.range().start.line + 1)).toEqual([6]);
    expect(found[0]?.trace.map((s) => s.message)).toContain('written into `cmd` by `read_cmd()`');
  });

  it('functions without a source are analysed only when called', () => {
    expect(
      cSinks(c`
        void unused(const char *c) { system(c); }
        void g(void) { system(getenv("X")); }
      `),
    ).toEqual(['command@2']);
  });
});

describe('C dataflow: control flow', () => {
  it('switch: cases fall through, break leaves, and a missing default keeps the entry state', () => {
    expect(
      cSinks(c`
        void f(int k) {
          char *c = getenv("C");
          switch (k) {
            case 1:
              c = "a";
            case 2:
              system(c);
              break;
            case 3:
              c = "b";
              break;
          }
          system(c);
          char *d = getenv("D");
          switch (k) { case 1: d = "x"; break; default: d = "y"; }
          system(d);
        }
      `),
    ).toEqual(['command@7', 'command@13']);
  });

  it('goto: a label is reached from every goto, forward and backward', () => {
    expect(
      cSinks(c`
        void f(int k) {
          char *c = "safe";
          if (k) goto fail;
          c = getenv("C");
          goto done;
        fail:
          system(c);
        done:
          system(c);
          char *d = "ok";
        again:
          system(d);
          d = getenv("D");
          if (k) goto again;
        }
      `),
    ).toEqual(['command@9', 'command@12']);
  });

  it('loops: for, while with an assignment in the condition, do-while', () => {
    expect(
      cSinks(c`
        void f(int s) {
          char buf[64];
          char *last = "x";
          int n;
          while ((n = recv(s, buf, 64, 0)) > 0) { last = buf; }
          system(last);
          char *y = "y";
          for (int i = 0; i < 3; i++) { if (i == 2) y = getenv("Y"); }
          system(y);
          char *z = "z";
          do { z = getenv("Z"); } while (0);
          system(z);
        }
      `),
    ).toEqual(['command@6', 'command@9', 'command@12']);
  });

  it('do-while runs its body first; for (;;) leaves only by break', () => {
    expect(
      cSinks(c`
        void f(int k) {
          char *a = "a";
          do { if (k) continue; a = getenv("A"); } while (k > 2);
          system(a);
          char *b = "b";
          for (;;) { if (k) { b = getenv("B"); break; } }
          system(b);
          char *d = getenv("D");
          for (;;) { d = "safe"; if (k) break; }
          system(d);
        }
      `),
    ).toEqual(['command@4', 'command@7']);
  });

  it('conditional and comma expressions, casts and parentheses', () => {
    expect(
      cSinks(c`
        void f(int k) {
          char *e = getenv("E");
          system(k ? e : "x");
          system((char *)(e));
          system((k++, e));
          system(k ? "a" : "b");
        }
      `),
    ).toEqual(['command@3', 'command@4', 'command@5']);
  });
});

describe('C++ dataflow', () => {
  it('std::getline and cin >> into strings; + and += concatenation', () => {
    expect(
      cSinks(
        c`
        #include <iostream>
        void f() {
          std::string line;
          std::getline(std::cin, line);
          std::system(("ls " + line).c_str());
          std::string w;
          std::cin >> w;
          std::string cmd = "echo ";
          cmd += w;
          system(cmd.c_str());
          std::string ok = "date";
          system(ok.c_str());
        }
      `,
        true,
      ),
    ).toEqual(['command@5', 'command@10']);
  });

  it('the most specific name wins: std::getline is not POSIX getline', () => {
    const found = cAnalyze(
      c`
        void f(FILE *fp) {
          std::string s; char *p = 0; size_t n = 0;
          std::getline(std::cin, s);
          system(s.c_str());
          getline(&p, &n, fp);
          system(p);
        }
      `,
      true,
    );
    expect(
      found.map((f) => `${String(f.sinkNode.range().start.line + 1)}:${f.sourceLabel}`),
    ).toEqual(['4:stream line', '6:POSIX line']);
  });

  it('QProcess and QSqlQuery: typed receivers, static calls and constructors', () => {
    expect(
      cSinks(
        c`
        void f(QTcpSocket *sock, QSqlDatabase db) {
          QString data = sock->readAll();
          QProcess proc;
          proc.start(data);
          QProcess *p = new QProcess(this);
          p->start("ls");
          QProcess::execute("echo " + data);
          QSqlQuery q(data);
          QSqlQuery q2("SELECT 1");
          QSqlQuery q3 = QSqlQuery("SELECT " + data);
          QSqlQuery query;
          query.exec("SELECT * FROM t WHERE n = '" + data + "'");
        }
      `,
        true,
      ),
    ).toEqual(['command@4', 'command@7', 'sql@8', 'sql@10', 'sql@12']);
  });

  it('auto variables take the type they are made with', () => {
    expect(
      cSinks(
        c`
        void f(QTcpSocket *sock) {
          QByteArray d = sock->readAll();
          auto p = new QProcess(nullptr);
          p->start(d);
          auto q = std::make_unique<QProcess>();
          q->start(d);
        }
      `,
        true,
      ),
    ).toEqual(['command@4', 'command@6']);
  });

  it('member fields of known type, stream insertion into a string stream', () => {
    expect(
      cSinks(
        c`
        class Runner {
          QProcess *m_proc;
          void go(QTcpSocket *s);
        };
        void Runner::go(QTcpSocket *s) {
          QByteArray d = s->readAll();
          m_proc->start(d);
          std::ostringstream os;
          os << "ls " << d.constData();
          system(os.str().c_str());
        }
      `,
        true,
      ),
    ).toEqual(['command@7', 'command@10']);
  });

  it('lambdas called in the function are analysed with their arguments', () => {
    expect(
      cSinks(
        c`
        void f() {
          auto run = [](const std::string &c) { std::system(c.c_str()); };
          std::string e = std::getenv("E");
          run(e);
        }
      `,
        true,
      ),
    ).toEqual(['command@2']);
  });
});

describe('C dataflow: cost control', () => {
  it('skips files without a source or without a sink', () => {
    expect(cAnalyze('void f(char *c) { system(c); }')).toEqual([]);
    expect(cAnalyze('void f(void) { char *c = getenv("X"); puts(c); }')).toEqual([]);
  });
});

describe('C dataflow: numbers, validators and conditional sources', () => {
  it('variables, parameters and results of arithmetic types carry no taint', () => {
    expect(
      cSinks(c`
        static int parse(const char *s) { return strtoull(s, 0, 10); }
        static void kill_pid(int pid) { char cmd[32]; sprintf(cmd, "kill %d", pid); system(cmd); }
        static void run(const char *c) { system(c); }
        void f(void) {
          char line[64]; int n; long id; unsigned char ch;
          fgets(line, sizeof line, stdin);
          scanf("%d", &n);
          char cmd[64];
          sprintf(cmd, "kill %d", n);
          system(cmd);
          id = parse(line);
          kill_pid(id);
          kill_pid(line[0]);
          ch = line[0];
          char one[2] = { ch, 0 };
          run(one);
        }
      `),
    ).toEqual(['command@3']);
  });

  it('a character read into an int stays tainted', () => {
    expect(
      cSinks(c`
        void f(void) {
          char line[128]; int c; size_t i = 0;
          while ((c = getchar()) != EOF && i + 1 < sizeof line) line[i++] = (char)c;
          line[i] = 0;
          system(line);
        }
      `),
    ).toEqual(['command@5']);
  });

  it('C-style validators: the call validates where its result is zero', () => {
    const spec = {
      ...C_TEST_SPEC,
      validators: [
        {
          form: 'call' as const,
          calls: ['strcmp'],
          validates: 0,
          whenResult: 'zero' as const,
          kinds: '*' as const,
          when: [{ all: [{ arg: 1, is: 'string' as const }] }],
        },
        { form: 'call' as const, calls: ['is_safe'], validates: 0, kinds: '*' as const },
      ],
    };
    expect(
      cSinks(
        c`
        void f(void) {
          char *m = getenv("MODE");
          if (strcmp(m, "fast") == 0) system(m);
          if (!strcmp(m, "slow")) system(m);
          if (strcmp(m, "slow")) system(m);
          if (strcmp(m, getenv("OTHER")) == 0) system(m);
          if (0 != strcmp(m, "x")) return;
          system(m);
          char *k = getenv("K");
          if (!is_safe(k)) return;
          system(k);
        }
      `,
        false,
        spec,
      ),
    ).toEqual(['command@5', 'command@6']);
  });

  it('a source with a condition on its arguments (CGI variables before other getenv reads)', () => {
    const spec = {
      ...C_TEST_SPEC,
      sources: [
        {
          label: 'CGI request data',
          calls: ['getenv'],
          when: [{ all: [{ arg: 0, is: 'string' as const, matches: '^(QUERY_STRING|HTTP_)' }] }],
        },
        ...C_TEST_SPEC.sources,
      ],
    };
    const found = cAnalyze(
      c`
        void f(void) {
          system(getenv("QUERY_STRING"));
          system(getenv("HOME"));
        }
      `,
      false,
      spec,
    );
    expect(found.map((f) => f.sourceLabel)).toEqual(['CGI request data', 'environment']);
  });
});

describe('C++ classes of the file', () => {
  it('a member written in one method reaches a sink in another', () => {
    expect(
      cSinks(
        c`
        class Job {
        public:
          void load(QTcpSocket *s);
          void run();
        private:
          QByteArray m_cmd;
          QString m_safe;
        };
        void Job::load(QTcpSocket *s) { m_cmd = s->readAll(); m_safe = "ls"; }
        void Job::run() {
          std::system(m_cmd.constData());
          std::system(m_safe.toUtf8().constData());
        }
      `,
        true,
      ),
    ).toEqual(['command@11']);
  });

  it('calls of methods of the file: implicit this, this->, typed objects, constructors', () => {
    expect(
      cSinks(
        c`
        class Shell {
        public:
          explicit Shell(const char *c) : m_c(c) {}
          void exec() { system(m_c); }
          void direct(const char *x) { system(x); }
          void viaThis(const char *x) { this->direct(x); }
          void implicit(const char *x) { direct(x); }
        private:
          const char *m_c;
        };
        void f() {
          const char *e = getenv("E");
          Shell s(e);
          s.exec();
          Shell t("ls");
          t.implicit(e);
          Shell *p = new Shell("x");
          p->viaThis("fixed");
        }
      `,
        true,
      ),
    ).toEqual(['command@4', 'command@5']);
  });

  it('a macro naming a function is that function', () => {
    expect(
      cSinks(c`
        #define RUN system
        void f(void) { RUN(getenv("X")); }
      `),
    ).toEqual(['command@2']);
  });
});

describe('C file-scope variables', () => {
  it('a global filled in one function is tainted where another reads it', () => {
    expect(
      cSinks(c`
        static char g_cmd[256];
        static char g_safe[16] = "ls";
        void load(int s) { recv(s, g_cmd, sizeof g_cmd, 0); }
        void run(void) { system(g_cmd); system(g_safe); }
        void shadow(void) { char g_cmd[8] = "x"; system(g_cmd); }
      `),
    ).toEqual(['command@4']);
  });
});

describe('C pointers into buffers', () => {
  it('a write through a pointer into a buffer taints the buffer', () => {
    expect(
      cSinks(c`
        void f(int s) {
          char buf[256];
          char *p = buf;
          recv(s, p, 255, 0);
          system(buf);
          char out[64];
          char *q = out + 4;
          strcpy(q, getenv("X"));
          system(out);
        }
      `),
    ).toEqual(['command@5', 'command@9']);
  });

  it('a C++ copy is not an alias, a reference is', () => {
    expect(
      cSinks(
        c`
        void f() {
          std::string a = "ls";
          std::string b = a;
          std::getline(std::cin, b);
          system(a.c_str());
          std::string &r = a;
          std::getline(std::cin, r);
          system(a.c_str());
        }
      `,
        true,
      ),
    ).toEqual(['command@8']);
  });
});

describe('C macros and constant conditions', () => {
  it('macros naming variables and functions, appended network data, constant flags', () => {
    expect(
      cSinks(c`
        #define SHELL_PATH "/bin/sh"
        #define CMD_ARG payload
        #define RUN_SHELL execl
        static const int ALWAYS = 1;
        void f(int sock) {
          char *payload;
          char storage[100] = "ls ";
          payload = storage;
          size_t used = strlen(payload);
          if (ALWAYS) {
            recv(sock, (char *)(payload + used), 99 - used, 0);
          }
          RUN_SHELL(SHELL_PATH, "sh", "-c", CMD_ARG, NULL);
        }
        void g(int sock) {
          char *payload;
          char storage[100] = "ls ";
          payload = storage;
          if (!ALWAYS) {
            recv(sock, payload, 99, 0);
          }
          RUN_SHELL(SHELL_PATH, "sh", "-c", CMD_ARG, NULL);
        }
      `),
    ).toEqual(['command@13']);
  });

  it('a file-scope variable assigned by some function is not a constant', () => {
    expect(
      cSinks(c`
        static int verbose = 0;
        static int never = 0;
        void set_verbose(void) { verbose = 1; }
        void f(void) {
          char *e = getenv("E");
          if (verbose) system(e);
          if (never) system(e);
        }
      `),
    ).toEqual(['command@6']);
  });
});

describe('C++ lambdas', () => {
  it('a lambda reads the variables of the function it is written in', () => {
    expect(
      cSinks(
        c`
        void f() {
          std::string cmd = std::getenv("C");
          auto run = [&]() { std::system(cmd.c_str()); };
          run();
          std::string ok = "ls";
          auto safe = [&]() { std::system(ok.c_str()); };
          safe();
        }
      `,
        true,
      ),
    ).toEqual(['command@3']);
  });
});

describe('C unions', () => {
  it('the members of a union share their storage', () => {
    expect(
      cSinks(c`
        typedef union { char *first; char *second; } either_t;
        struct pair { char *first; char *second; };
        void f(void) {
          either_t u;
          u.first = getenv("X");
          system(u.second);
          struct pair p;
          p.first = getenv("Y");
          p.second = "ls";
          system(p.second);
        }
      `),
    ).toEqual(['command@6']);
  });
});

describe('C pointers and references read what they point to', () => {
  it('reading through a pointer or reference taken earlier sees later writes', () => {
    expect(
      cSinks(
        c`
        void f(int s) {
          char *data;
          char **first = &data;
          char **second = &data;
          char storage[64] = "ls";
          data = storage;
          {
            char *inner = *first;
            recv(s, inner, 63, 0);
            *first = inner;
          }
          char *use = *second;
          system(use);
          char *&ref = data;
          system(ref);
        }
      `,
        true,
      ),
    ).toEqual(['command@13', 'command@15']);
  });
});
