// Runs the real divolte-collector binary for the browser tests: a generated configuration with
// one browser source and one file sink, a free port read back from the "Starting server on" log
// line, SIGTERM to stop (which publishes the files) and the records read back with python3-avro.
// As tests/integration/harness.py: in sanitizer builds a sanitizer report in the collector's
// output fails the test, and deadlines are stretched by DIVOLTE_TEST_TIME_SCALE.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BINARY = process.env.DIVOLTE_BIN ?? join(REPO, 'build', 'release', 'src', 'divolte-collector');
const DUMP = join(REPO, 'tests', 'integration', 'dump_avro.py');
export const TIME_SCALE = Number(process.env.DIVOLTE_TEST_TIME_SCALE ?? '1');
const SANITIZER_MARKERS = ['ERROR: AddressSanitizer', 'ERROR: LeakSanitizer', 'runtime error:',
  'WARNING: ThreadSanitizer'];

// Throws with the report when `output` contains a sanitizer report.
function checkSanitizerReport(output) {
  const found = SANITIZER_MARKERS.map((marker) => output.indexOf(marker)).filter((i) => i >= 0);
  if (found.length === 0) return;
  const start = output.lastIndexOf('\n', Math.min(...found)) + 1;
  throw new Error(`the collector printed a sanitizer report:\n${output.slice(start)}`);
}

// Polls `condition` (sync or async) until it returns a truthy value or the deadline (`timeout`
// ms, scaled) passes.
export async function waitUntil(condition, { timeout = 15000, message = 'condition' } = {}) {
  timeout *= TIME_SCALE;
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export class Collector {
  // source: HOCON members of the browser source; global: members of divolte.global.server.
  constructor({ source = '', server = '' } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'divolte-tag-'));
    this.published = join(this.dir, 'published');
    const working = join(this.dir, 'working');
    mkdirSync(this.published);
    mkdirSync(working);
    this.configPath = join(this.dir, 'divolte-collector.conf');
    writeFileSync(this.configPath, `
divolte {
  global { server { host = 127.0.0.1, port = 0, ${server} } }
  sources { browser { type = browser, ${source} } }
  mappings { default { sources = [browser], sinks = [files] } }
  sinks {
    files {
      type = hdfs
      file_strategy { working_dir = "${working}", publish_dir = "${this.published}" }
    }
  }
}
`);
    this.output = '';
  }

  async start() {
    this.process = spawn(BINARY, ['--config', this.configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    // 'close' rather than 'exit': the output is complete once the pipes are closed.
    this.exited = new Promise((resolve) => this.process.on('close', (code) => resolve(code)));
    this.process.stdout.on('data', (chunk) => (this.output += chunk));
    this.process.stderr.on('data', (chunk) => (this.output += chunk));
    let line;
    try {
      line = await waitUntil(() => {
        if (this.process.exitCode !== null) throw new Error(`collector exited:\n${this.output}`);
        return this.output.split('\n').find((text) => text.includes('Starting server on'));
      }, { message: 'the collector to start' });
    } catch (error) {
      this.process.kill('SIGKILL');  // never left running behind a failed test
      throw error;
    }
    this.port = Number(/:(\d+)\s*$/.exec(line)[1]);
    this.origin = `http://127.0.0.1:${this.port}`;
    return this;
  }

  // SIGTERM (graceful: every accepted event is written and files are published).
  async stop() {
    if (this.process.exitCode === null) this.process.kill('SIGTERM');
    const code = await this.exited;
    checkSanitizerReport(this.output);
    if (code !== 0) throw new Error(`collector exit status ${code}:\n${this.output}`);
  }

  async metricsText() {
    return (await fetch(`${this.origin}/metrics`)).text();
  }

  // Every published record; call after stop().
  records() {
    return JSON.parse(execFileSync('/usr/bin/python3', ['-B', DUMP, this.published], { encoding: 'utf8' }));
  }
}
