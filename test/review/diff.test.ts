import { describe, expect, it } from 'vitest';
import { describeFileDiff, toRanges } from '../../src/review/changed-files.js';
import { parseUnifiedDiff, readQuoted, type FileDiff } from '../../src/review/diff.js';
import { PatchError } from '../../src/review/errors.js';

/** Fails the test when a file expected in the diff is missing. */
function defined(f: FileDiff | undefined): FileDiff {
  if (f === undefined) throw new Error('no such file in the diff');
  return f;
}

const MODIFIED = `diff --git a/app/main.py b/app/main.py
index 83db48f..bf269f4 100644
--- a/app/main.py
+++ b/app/main.py
@@ -1,4 +1,5 @@
 import os
-import sys
+import subprocess
+import shlex
 
 def main():
@@ -10,3 +11,3 @@ def main():
     x = 1
-    y = 2
+    y = 3
     return x
`;

describe('parseUnifiedDiff', () => {
  it('reads a modified file with several hunks, line numbers on both sides', () => {
    const [d] = parseUnifiedDiff(MODIFIED);
    expect(d?.status).toBe('modified');
    expect(d?.oldPath).toBe('app/main.py');
    expect(d?.newPath).toBe('app/main.py');
    expect(d?.hunks).toHaveLength(2);
    const added = d?.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'added'));
    expect(added?.map((l) => [l.newLine, l.text])).toEqual([
      [2, 'import subprocess'],
      [3, 'import shlex'],
      [12, '    y = 3'],
    ]);
    const c = describeFileDiff(defined(d));
    expect(c.changedLines).toEqual([
      { start: 2, end: 3 },
      { start: 12, end: 12 },
    ]);
    expect(c.hunks).toEqual([
      { start: 1, end: 5 },
      { start: 11, end: 13 },
    ]);
    expect([c.added, c.deleted]).toEqual([3, 2]);
    expect(c.review).toBe('reviewed');
  });

  it('reads new and deleted files', () => {
    const text = `diff --git a/new.py b/new.py
new file mode 100644
index 0000000..e69de29
--- /dev/null
+++ b/new.py
@@ -0,0 +1,2 @@
+a = 1
+b = 2
diff --git a/old.py b/old.py
deleted file mode 100644
index e69de29..0000000
--- a/old.py
+++ /dev/null
@@ -1 +0,0 @@
-gone = True
`;
    const [added, deleted] = parseUnifiedDiff(text);
    expect(added?.status).toBe('added');
    expect(added?.oldPath).toBeUndefined();
    expect(added?.newPath).toBe('new.py');
    expect(describeFileDiff(defined(added)).changedLines).toEqual([{ start: 1, end: 2 }]);
    expect(deleted?.status).toBe('deleted');
    expect(deleted?.newPath).toBeUndefined();
    const c = describeFileDiff(defined(deleted));
    expect([c.path, c.review, c.deleted]).toEqual(['old.py', 'deleted', 1]);
  });

  it('reads renames with similarity, with and without content changes, and copies', () => {
    const text = `diff --git a/src/a.py b/src/b.py
similarity index 100%
rename from src/a.py
rename to src/b.py
diff --git a/x.py b/y.py
similarity index 88%
rename from x.py
rename to y.py
index 1..2 100644
--- a/x.py
+++ b/y.py
@@ -1,2 +1,2 @@
 keep = 1
-old = 2
+new = 2
diff --git a/lib.py b/lib_copy.py
similarity index 95%
copy from lib.py
copy to lib_copy.py
`;
    const [pure, edited, copy] = parseUnifiedDiff(text).map(describeFileDiff);
    expect(pure).toMatchObject({
      path: 'src/b.py',
      oldPath: 'src/a.py',
      status: 'renamed',
      similarity: 100,
      review: 'renamed-only',
    });
    expect(edited).toMatchObject({
      path: 'y.py',
      oldPath: 'x.py',
      status: 'renamed',
      similarity: 88,
      review: 'reviewed',
    });
    expect(edited?.changedLines).toEqual([{ start: 2, end: 2 }]);
    expect(copy).toMatchObject({
      path: 'lib_copy.py',
      oldPath: 'lib.py',
      status: 'copied',
      review: 'renamed-only',
    });
  });

  it('reads binary changes and mode-only changes', () => {
    const text = `diff --git a/logo.png b/logo.png
new file mode 100644
index 0000000..1234567
Binary files /dev/null and b/logo.png differ
diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
diff --git a/data.bin b/data.bin
index 1..2 100644
GIT binary patch
literal 10
RcmZ?wbhEHbRA2x=1^@&&0jU50

literal 0
HcmV?d00001

diff --git a/z.py b/z.py
index 1..2 100644
--- a/z.py
+++ b/z.py
@@ -1 +1 @@
-a
+b
`;
    const files = parseUnifiedDiff(text).map(describeFileDiff);
    expect(files.map((f) => [f.path, f.status, f.binary, f.review])).toEqual([
      ['logo.png', 'added', true, 'binary'],
      ['run.sh', 'modified', false, 'mode-only'],
      ['data.bin', 'modified', true, 'binary'],
      ['z.py', 'modified', false, 'reviewed'],
    ]);
    expect(files[1]).toMatchObject({ oldMode: '100644', newMode: '100755' });
  });

  it('handles "\\ No newline at end of file" markers', () => {
    const text = `--- a/f.py
+++ b/f.py
@@ -1,2 +1,2 @@
 a = 1
-b = 2
\\ No newline at end of file
+b = 3
\\ No newline at end of file
`;
    const [d] = parseUnifiedDiff(text);
    expect(d?.hunks[0]?.lines.map((l) => l.kind)).toEqual(['context', 'deleted', 'added']);
    expect(describeFileDiff(defined(d)).changedLines).toEqual([{ start: 2, end: 2 }]);
  });

  it('decodes quoted paths with spaces, quotes and UTF-8 octal escapes', () => {
    const text = `diff --git "a/dir with space/caf\\303\\251.py" "b/dir with space/caf\\303\\251.py"
index 1..2 100644
--- "a/dir with space/caf\\303\\251.py"
+++ "b/dir with space/caf\\303\\251.py"
@@ -1 +1 @@
-x = 1
+x = 2
diff --git a/plain name.py b/plain name.py
old mode 100644
new mode 100755
`;
    const [q, spaced] = parseUnifiedDiff(text);
    expect(q?.newPath).toBe('dir with space/café.py');
    expect(spaced?.newPath).toBe('plain name.py');
    expect(readQuoted('"a\\"b\\\\c\\tz"', 0)?.value).toBe('a"b\\c\tz');
  });

  it('reads CRLF patches and keeps working when blank context lines lost their space', () => {
    const text = ['--- a/w.py', '+++ b/w.py', '@@ -1,3 +1,3 @@', ' a', '', '-b', '+c', ''].join(
      '\r\n',
    );
    const [d] = parseUnifiedDiff(text);
    expect(d?.hunks[0]?.lines.map((l) => [l.kind, l.text])).toEqual([
      ['context', 'a'],
      ['context', ''],
      ['deleted', 'b'],
      ['added', 'c'],
    ]);
  });

  it('reads plain diff -u output with timestamps and format-patch mail around the diff', () => {
    const text = `From 1234 Mon Sep 17 00:00:00 2001
From: Dev <dev@example.com>
Subject: [PATCH] fix

---
 f.py | 2 +-

--- orig/f.py\t2024-01-01 10:00:00.000000000 +0000
+++ new/f.py\t2024-01-02 10:00:00.000000000 +0000
@@ -1 +1 @@
-a
+b
-- 
2.40.0
`;
    const files = parseUnifiedDiff(text);
    expect(files).toHaveLength(1);
    expect(files[0]?.newPath).toBe('f.py');
  });

  it('keeps paths of git diff --no-prefix and strips i/ w/ mnemonic prefixes', () => {
    const noPrefix = `diff --git src/x.py src/x.py
index 1..2 100644
--- src/x.py
+++ src/x.py
@@ -1 +1 @@
-a
+b
diff --git src/new.py src/new.py
new file mode 100644
--- /dev/null
+++ src/new.py
@@ -0,0 +1 @@
+c
`;
    expect(parseUnifiedDiff(noPrefix).map((d) => [d.oldPath, d.newPath])).toEqual([
      ['src/x.py', 'src/x.py'],
      [undefined, 'src/new.py'],
    ]);
    const mnemonic = `diff --git i/pkg/y.py w/pkg/y.py\n--- i/pkg/y.py\n+++ w/pkg/y.py\n@@ -1 +1 @@\n-a\n+b\n`;
    expect(parseUnifiedDiff(mnemonic)[0]?.newPath).toBe('pkg/y.py');
  });

  it('returns no files for an empty diff', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
    expect(parseUnifiedDiff('\n')).toEqual([]);
  });

  it('marks the lines around a pure deletion as touched', () => {
    const text = `--- a/g.py
+++ b/g.py
@@ -1,4 +1,3 @@
 def f(x):
-    x = sanitize(x)
     run(x)
     return x
`;
    const c = describeFileDiff(defined(parseUnifiedDiff(text)[0]));
    expect(c.changedLines).toEqual([]);
    expect(c.deletionPoints).toEqual([1, 2]);
  });

  it('refuses a truncated patch, naming the file', () => {
    const cut = MODIFIED.split('\n').slice(0, 8).join('\n');
    expect(() => parseUnifiedDiff(cut)).toThrow(PatchError);
    expect(() => parseUnifiedDiff(cut)).toThrow(/app\/main\.py.*truncated/);
  });

  it('refuses malformed hunks and text that is not a diff', () => {
    expect(() => parseUnifiedDiff('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n?b\n')).toThrow(
      /unexpected "\?b"/,
    );
    expect(() => parseUnifiedDiff('--- a/x\n+++ b/x\n@@ -a +b @@\n')).toThrow(
      /malformed hunk header/,
    );
    expect(() => parseUnifiedDiff('@@ -1 +1 @@\n-a\n+b\n')).toThrow(/before any file header/);
    expect(() => parseUnifiedDiff('hello world\n')).toThrow(/not a unified diff/);
  });
});

describe('toRanges', () => {
  it('merges consecutive lines', () => {
    expect(toRanges([5, 1, 2, 3, 7, 6, 10])).toEqual([
      { start: 1, end: 3 },
      { start: 5, end: 7 },
      { start: 10, end: 10 },
    ]);
  });
});
