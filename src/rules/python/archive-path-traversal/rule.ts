import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import {
  enclosingFunction,
  literalValue,
  stringValue,
  unwrap,
} from '../../../languages/python/expr.js';
import {
  attributeName,
  boundValues,
  type Resolver,
} from '../../../languages/python/injection-helpers.js';

/** Calls that return a tarfile.TarFile. */
const TAR_OPENERS = new Set([
  'tarfile.open',
  'tarfile.TarFile',
  'tarfile.TarFile.open',
  'tarfile.TarFile.taropen',
  'tarfile.TarFile.gzopen',
  'tarfile.TarFile.bz2open',
  'tarfile.TarFile.xzopen',
  'tarfile.TarFile.zstopen',
]);
const ZIP_OPENERS = new Set(['zipfile.ZipFile', 'zipfile.PyZipFile']);

/** Filters that reject absolute paths, `..` components and links pointing outside the destination. */
const SAFE_FILTERS = new Set(['data', 'tar', 'tarfile.data_filter', 'tarfile.tar_filter']);
const TRUSTING_FILTERS = new Set(['fully_trusted', 'tarfile.fully_trusted_filter']);

/** Signs that the enclosing function checks member paths before extracting (the CVE-2007-4559 fix). */
const PATH_CHECK =
  /commonpath|commonprefix|is_relative_to|is_within_directory|(realpath|abspath|resolve)\([\s\S]*\.startswith\(|["']\.\.["']\s*(not\s+)?in\b|\.\.\/?["']\)/;

type ArchiveKind = 'tar' | 'zip' | 'unknown';

function kindOfCall(node: SgNode, resolve: Resolver): ArchiveKind {
  const n = unwrap(node);
  if (n.kind() !== 'call') return 'unknown';
  const fn = n.field('function');
  const names = fn === null ? [] : resolve(fn);
  if (names.some((x) => TAR_OPENERS.has(x))) return 'tar';
  if (names.some((x) => ZIP_OPENERS.has(x))) return 'zip';
  return 'unknown';
}

function receiverKind(receiver: SgNode, resolve: Resolver): ArchiveKind {
  const r = unwrap(receiver);
  const direct = kindOfCall(r, resolve);
  if (direct !== 'unknown' || r.kind() !== 'identifier') return direct;
  const kinds = boundValues(r).map((v) => kindOfCall(v, resolve));
  if (kinds.includes('tar')) return 'tar';
  if (kinds.includes('zip')) return 'zip';
  return 'unknown';
}

type FilterVerdict = 'none' | 'safe' | 'trusting' | 'custom';

function filterVerdict(call: CallSite, resolve: Resolver): FilterVerdict {
  const f = call.keywords.get('filter');
  if (f === undefined) return call.hasKwargsSplat ? 'custom' : 'none';
  const literal = literalValue(f);
  if (literal === null) return 'none';
  const names = typeof literal === 'string' ? [literal] : resolve(f);
  if (names.some((n) => SAFE_FILTERS.has(n))) return 'safe';
  if (names.some((n) => TRUSTING_FILTERS.has(n))) return 'trusting';
  return 'custom';
}

/** `members=` that selects members, as opposed to `members=tar.getmembers()` (everything). */
function selectsMembers(call: CallSite): boolean {
  const m = call.keywords.get('members') ?? call.args[1];
  if (m === undefined || literalValue(m) === null) return false;
  const n = unwrap(m);
  return !(n.kind() === 'call' && attributeName(n.field('function')) === 'getmembers');
}

function checksPaths(node: SgNode): boolean {
  const fn = enclosingFunction(node);
  return fn !== null && PATH_CHECK.test(fn.text());
}

export default definePythonRule({
  name: 'archive-path-traversal',
  title: 'Archive extracted without checking member paths (path traversal, "tar slip")',
  description:
    'Finds tarfile extractall()/extract() and shutil.unpack_archive() calls without an extraction filter, which let archive members write outside the destination directory.',
  cwe: [22],
  severity: 'error',
  confidence: 'high',
  tags: ['path-traversal', 'archive', 'tarfile'],
  messages: {
    default:
      '`{{callee}}` extracts a tar archive without filter="data"; members named ../../x, absolute paths or links can write outside the destination.',
    trusting:
      '`{{callee}}` extracts a tar archive with the fully_trusted filter; members named ../../x, absolute paths or links can write outside the destination.',
    unpack:
      '`{{callee}}` unpacks an archive without filter="data"; tar members named ../../x, absolute paths or links can write outside the destination.',
  },
  help: {
    why: 'Tar members carry their own path. Without a filter, tarfile writes a member named `../../home/app/.ssh/authorized_keys` or `/etc/cron.d/job`, or follows a symlink member out of the target directory, so an uploaded or downloaded archive can overwrite any file the process can write (CVE-2007-4559, "tar slip") and often gain code execution.',
    fix: 'Pass an extraction filter: `tar.extractall(dest, filter="data")` (Python 3.12+, and backported to 3.8.17, 3.9.17, 3.10.12 and 3.11.4), and `shutil.unpack_archive(path, dest, filter="data")`. On older versions, check each member before extracting: resolve `os.path.join(dest, member.name)` and verify with `os.path.commonpath` that it stays inside `dest`, and skip links and devices.',
  },
  inTests: 'lower',
  // Every report is an `.extract()`/`.extractall()` call or a call resolved to shutil.unpack_archive.
  // (A substring starting with a rarer letter is found faster: `xtract`.)
  requires: ['xtract', 'unpack_archive'],
  *detect(ctx) {
    // A process-wide default filter (`TarFile.extraction_filter = staticmethod(tarfile.data_filter)`);
    // the text check spares a walk of the whole tree in files that never mention it.
    if (
      ctx.source.includes('extraction_filter') &&
      ctx.root.find({
        rule: { kind: 'assignment', has: { field: 'left', regex: 'extraction_filter$' } },
      }) !== null
    ) {
      return;
    }
    const tarFile = ctx.imports.modules.has('tarfile');
    const zipFile = ctx.imports.modules.has('zipfile');
    for (const call of ctx.methodCalls('extractall', 'extract')) {
      if (call.receiver === null) continue;
      let kind = receiverKind(call.receiver, ctx.resolve);
      let confidence: Detection['confidence'] = 'high';
      if (kind === 'unknown') {
        // An archive object from elsewhere: only a tar-only file with a tar-like name is judged.
        if (!tarFile || zipFile || !/tar/i.test(call.receiver.text())) continue;
        kind = 'tar';
        confidence = 'medium';
      }
      if (kind !== 'tar') continue;
      const verdict = filterVerdict(call, ctx.resolve);
      if (verdict === 'safe' || verdict === 'custom') continue;
      if (verdict === 'none') {
        if (call.method === 'extractall' && selectsMembers(call)) continue;
        if (checksPaths(call.node)) continue;
      }
      yield {
        node: call.node,
        messageId: verdict === 'trusting' ? 'trusting' : 'default',
        data: { callee: call.calleeText },
        confidence,
      };
    }

    for (const call of ctx.calls('shutil.unpack_archive')) {
      const verdict = filterVerdict(call, ctx.resolve);
      if (verdict === 'safe' || verdict === 'custom') continue;
      // zip archives are unpacked by shutil with its own name checks.
      const format = arg(call, 2, 'format');
      if (format !== undefined && stringValue(format) === 'zip') continue;
      const name = arg(call, 0, 'filename');
      if (name !== undefined && /\.zip$/i.test(stringValue(name) ?? '')) continue;
      if (checksPaths(call.node)) continue;
      yield {
        node: call.node,
        messageId: verdict === 'trusting' ? 'trusting' : 'unpack',
        data: { callee: call.calleeText },
        confidence: 'medium',
      };
    }
  },
});
