/**
 * The C and C++ taint specification: sources, sinks, sanitizers, validators and propagators for the C
 * library, POSIX, Windows, OpenSSL-style TLS reads, the sqlite3 / MySQL / libpq / ODBC clients and Qt, as
 * data for the dataflow engine. One spec serves both languages: C++-only names never occur in C files.
 *
 * Names follow the C lowering (see INTERFACE of src/engine/dataflow/c.ts): plain C names (`system`),
 * `std::x`, and `Class::method` for calls on a receiver whose type is declared in the file
 * (`QProcess::start`); `methods` with a `receiver` pattern cover receivers of unknown type.
 */
import { mergeSpecs, type TaintSpec } from '../../../engine/dataflow/spec.js';
import { C_SANITIZERS } from './sanitizers.js';
import { C_SINKS } from './sinks.js';
import { C_SOURCES } from './sources.js';

export const C_TAINT_SPEC: TaintSpec = mergeSpecs(C_SOURCES, C_SINKS, C_SANITIZERS);
