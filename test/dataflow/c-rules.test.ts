// The C/C++ dataflow rules as users see them: confidence by source (network vs local input), the trace,
// and c/format-string's structural confidence raised by a traced flow. Fixtures check lines only.
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/engine/analyze.js';
import commandInjection from '../../src/rules/c/command-injection/rule.js';
import formatString from '../../src/rules/c/format-string/rule.js';
import sqlInjection from '../../src/rules/c/sql-injection/rule.js';

type Reported = ReturnType<typeof analyzeSource>['findings'];

function review(source: string, rule = commandInjection, path = 'svc.c'): Reported {
  const result = analyzeSource(path, source, path.endsWith('.cpp') ? 'cpp' : 'c', [rule]);
  expect(result.errors).toEqual([]);
  return result.findings;
}

const HANDLER = `
#include <stdlib.h>
#include <sys/socket.h>
void handle(int s, int argc, char **argv) {
    char host[64];
    char cmd[128];
    recv(s, host, sizeof host, 0);
    snprintf(cmd, sizeof cmd, "ping -c 1 %s", host);
    system(cmd);
}
int main(int argc, char **argv) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "sort %s", argv[1]);
    system(cmd);
    return 0;
}
`;

describe('c/command-injection', () => {
  it('reports network data with the rule confidence and a trace from recv to system', () => {
    const [net, local] = review(HANDLER);
    expect(net?.location.start.line).toBe(9);
    expect(net?.severity).toBe('error');
    expect(net?.confidence).toBe('high');
    expect(net?.message).toContain('data received from the network (line 7)');
    expect(net?.trace?.map((s) => [s.kind, s.location.start.line])).toEqual([
      ['source', 7],
      ['step', 8],
      ['sink', 9],
    ]);
    expect(local?.location.start.line).toBe(14);
    expect(local?.severity).toBe('note');
    expect(local?.confidence).toBe('low');
    expect(local?.message).toContain('command-line arguments');
  });

  it('reports CGI request variables as request data, other variables as local input', () => {
    const findings = review(`
void cgi(void) {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "grep %s db.txt", getenv("QUERY_STRING"));
    system(cmd);
    snprintf(cmd, sizeof cmd, "%s/bin/tool", getenv("HOME"));
    system(cmd);
}`);
    expect(findings.map((f) => [f.location.start.line, f.confidence])).toEqual([
      [5, 'high'],
      [7, 'low'],
    ]);
  });

  it('reports a parameter of an uncalled function as a warning with medium confidence', () => {
    const [f, ...rest] = review('void run(const char *cmd) { system(cmd); }');
    expect(rest).toEqual([]);
    expect([f?.severity, f?.confidence]).toEqual(['warning', 'medium']);
    expect(f?.message).toBe(
      'The shell command of `system` is built from parameter `cmd` of `run`, a function nothing in this file calls (line 1), with no shell quoting or validation.',
    );
  });

  it('does not report a parameter when the file calls the function with constants', () => {
    expect(
      review(`
static void run(const char *cmd) { system(cmd); }
int main(void) { run("make clean"); return 0; }`),
    ).toEqual([]);
  });
});

describe('c/sql-injection', () => {
  it('follows QString concatenation from a socket to QSqlQuery::exec', () => {
    const findings = review(
      `
void find(QTcpSocket *socket) {
    const QString name = QString::fromUtf8(socket->readAll());
    QSqlQuery query;
    query.exec("SELECT * FROM users WHERE name = '" + name + "'");
}`,
      sqlInjection,
      'find.cpp',
    );
    expect(findings.map((f) => [f.location.start.line, f.confidence])).toEqual([[5, 'high']]);
  });
});

describe('c/format-string', () => {
  const source = `
void f(int s, const char *msg, char **argv) {
    char buf[128];
    recv(s, buf, sizeof buf, 0);
    printf(buf);
    printf(msg);
    printf(msg, 1);
}
int main(int argc, char **argv) { printf(argv[1]); return 0; }
`;
  it('raises the confidence of a traced network format and keeps the structural one otherwise', () => {
    const findings = review(source, formatString);
    expect(
      findings.map((f) => [f.location.start.line, f.confidence, f.trace !== undefined]),
    ).toEqual([
      [5, 'high', true],
      [6, 'medium', false],
      [7, 'low', false],
      [9, 'medium', true],
    ]);
  });
});
