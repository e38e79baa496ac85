// `runtime secret-key rotate`: re-encrypts every stored secret with a new key (key file) or with the key now in
// RUNTIME_SECRET_KEY. Refuses while `runtime start` runs on the data folder: the service holds the old key only.
// Prints key ids (public fingerprints) and paths, never a key or a secret.
import type { Command } from 'commander';
import { isRuntimeError, RuntimeError } from '../../errors/runtime-error.js';
import { readServiceStatus } from '../../runtime/status-file.js';
import { rotateSecretKey, type SecretKeyRotation } from '../../store/rotate-secret-key.js';
import { PREVIOUS_SECRET_KEYS_ENV, SECRET_KEY_ENV } from '../../store/secret-key.js';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.js';
import type { GlobalFlags } from '../open-cli-runtime.js';
import { formatRuntimeError } from '../print-runtime-error.js';
import { projectRoot } from '../project-option.js';
import { addRuntimeOptions, resolveRuntimeOptions } from '../runtime-options.js';

export const secretKeyCommand: CliCommand = {
  register(program, context) {
    const group = program
      .command('secret-key')
      .description('manage the key that encrypts stored secrets')
      .helpCommand(false);
    addRuntimeOptions(
      group
        .command('rotate')
        .description('re-encrypt every stored secret with a new key (stop `runtime start` first)'),
    ).action((_options: unknown, command: Command) => {
      context.exitCode = rotate(context, command.optsWithGlobals() as GlobalFlags);
    });
  },
};

function rotate(context: CliContext, flags: GlobalFlags): number {
  const { io } = context;
  const { dataDir } = resolveRuntimeOptions(io, projectRoot(io, flags.project), flags);
  try {
    const service = readServiceStatus(dataDir);
    if (service) {
      throw new RuntimeError(
        'STORE_KEY_ROTATION_REFUSED',
        `\`runtime start\` is running on ${dataDir} (pid ${service.pid}): it holds only the current key and could not read `
          + 'what a rotation writes. Stop it, run `runtime secret-key rotate`, then start it again',
        { actor: 'operational' },
      );
    }
    io.stdout(describeRotation(rotateSecretKey(dataDir, { env: io.env }), io.env));
    return EXIT.ok;
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    // The generic advice of an operational error ("check the service or network") would mislead here.
    io.stderr(e.code === 'STORE_KEY_ROTATION_REFUSED' ? `error ${e.code}: ${e.message}\n` : formatRuntimeError(e));
    if (e.code === 'STORE_SECRET_KEY') {
      io.stderr(`nothing was rotated: every key a stored secret uses must be at hand (the key file, its .previous file, or ${PREVIOUS_SECRET_KEYS_ENV})\n`);
    }
    return EXIT.problems;
  }
}

function describeRotation(r: SecretKeyRotation, env: Readonly<Record<string, string | undefined>>): string {
  const total = r.rewritten.connections + r.rewritten.registrations;
  const what = [
    r.rewritten.connections > 0 ? plural(r.rewritten.connections, 'connection') : '',
    r.rewritten.registrations > 0 ? plural(r.rewritten.registrations, 'webhook registration') : '',
  ].filter(Boolean).join(' and ');
  const lines: string[] = [];
  if (r.source === 'file') {
    if (r.resumed) lines.push('completed a rotation that was interrupted earlier');
    lines.push(total > 0
      ? `✔ re-encrypted the secrets of ${what} with a new key (key id ${r.keyId})`
      : `✔ replaced the key (new key id ${r.keyId}); no stored secret needed re-encrypting`);
    lines.push(`the new key is in ${r.keyFile}: back it up now, not next to the database backups`);
    lines.push(`no stored secret uses the old ${r.retiredKeyIds.length === 1 ? 'key' : 'keys'} (key id ${r.retiredKeyIds.join(', ')}) any more; `
      + 'only database backups made before now still need it');
    if (hasValue(env[PREVIOUS_SECRET_KEYS_ENV])) lines.push(`${PREVIOUS_SECRET_KEYS_ENV} is no longer needed: remove it`);
    return lines.map((l) => `${l}\n`).join('');
  }
  const where = r.source === 'env' ? SECRET_KEY_ENV : 'the key given';
  if (total > 0) {
    lines.push(`✔ re-encrypted the secrets of ${what} with the key in ${where} (key id ${r.keyId})`);
  } else {
    lines.push(`every stored secret is already encrypted with the key in ${where} (key id ${r.keyId}): nothing to do`);
  }
  if (r.retiredKeyIds.length > 0) {
    lines.push(`${PREVIOUS_SECRET_KEYS_ENV} (key id ${r.retiredKeyIds.join(', ')}) is no longer needed: remove it`);
  } else if (total === 0 && r.source === 'env') {
    lines.push(`to change the key: set ${SECRET_KEY_ENV} to a new key and ${PREVIOUS_SECRET_KEYS_ENV} to the current one, then run this again`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function hasValue(text: string | undefined): boolean {
  return text !== undefined && text.trim() !== '';
}
