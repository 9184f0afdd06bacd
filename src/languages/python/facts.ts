import type { ImportTable } from './imports.js';

/** Top-level modules that tell what kind of code a file is; names as users know them. */
const FRAMEWORKS: Readonly<Record<string, string>> = {
  flask: 'Flask',
  django: 'Django',
  fastapi: 'FastAPI',
  starlette: 'Starlette',
  tornado: 'Tornado',
  pyramid: 'Pyramid',
  bottle: 'Bottle',
  aiohttp: 'aiohttp',
  falcon: 'Falcon',
  sanic: 'Sanic',
  werkzeug: 'Werkzeug',
  jinja2: 'Jinja2',
  sqlalchemy: 'SQLAlchemy',
  pymysql: 'PyMySQL',
  psycopg2: 'psycopg2',
  sqlite3: 'sqlite3',
  requests: 'Requests',
  httpx: 'HTTPX',
  urllib3: 'urllib3',
  paramiko: 'Paramiko',
  yaml: 'PyYAML',
  lxml: 'lxml',
  cryptography: 'cryptography',
  Crypto: 'PyCryptodome',
  Cryptodome: 'PyCryptodome',
  jwt: 'PyJWT',
  unittest: 'unittest',
  pytest: 'pytest',
  mock: 'mock',
  testtools: 'testtools',
  fixtures: 'fixtures',
  oslo_config: 'oslo.config',
  oslo_db: 'oslo.db',
  oslo_log: 'oslo.log',
  oslo_messaging: 'oslo.messaging',
  oslo_policy: 'oslo.policy',
  nova: 'OpenStack Nova',
  neutron: 'OpenStack Neutron',
  keystone: 'OpenStack Keystone',
  celery: 'Celery',
  boto3: 'boto3',
};

export function recogniseFrameworks(imports: ImportTable): string[] {
  const found = new Set<string>();
  for (const m of imports.modules) {
    const top = m.split('.')[0] ?? m;
    const name = FRAMEWORKS[top];
    if (name !== undefined) found.add(name);
  }
  return [...found].sort();
}

/** Test code by path, the way pytest, unittest and OpenStack lay it out. */
export function isPythonTestPath(path: string): boolean {
  const parts = path.split('/');
  const base = parts[parts.length - 1] ?? '';
  if (/^test_.*\.py$/.test(base) || /_tests?\.py$/.test(base) || base === 'conftest.py') {
    return true;
  }
  if (base === 'tests.py') return true;
  return parts.slice(0, -1).some((d) => d === 'tests' || d === 'test' || d === 'testing');
}
