// The options of every command that opens the data directory: where it is and whether connectors may reach
// loopback/private addresses. One source of truth, flags > environment > defaults.
import path from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';

export const DATA_DIR_ENV = 'RUNTIME_DATA_DIR';
export const ALLOW_PRIVATE_NETWORK_ENV = 'RUNTIME_ALLOW_PRIVATE_NETWORK';
/** Relative to the project folder. */
export const DEFAULT_DATA_DIR = '.data';

/** What commander parses from the flags added by `addRuntimeOptions`. */
export interface RuntimeFlags {
  dataDir?: string;
  allowPrivateNetwork?: boolean;
}

export interface ResolvedRuntimeOptions {
  /** Absolute. */
  readonly dataDir: string;
  readonly allowPrivateNetwork: boolean;
}

export function addRuntimeOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', `data folder: database, secret key, files (env ${DATA_DIR_ENV}, default <project>/${DEFAULT_DATA_DIR})`)
    .option('--allow-private-network', `let connectors call loopback and private addresses (env ${ALLOW_PRIVATE_NETWORK_ENV}=1)`);
}

export function resolveRuntimeOptions(io: CliIo, projectRoot: string, flags: RuntimeFlags): ResolvedRuntimeOptions {
  const fromEnv = io.env[DATA_DIR_ENV];
  const dataDir = flags.dataDir !== undefined
    ? path.resolve(io.cwd, flags.dataDir)
    : fromEnv !== undefined && fromEnv !== ''
      ? path.resolve(io.cwd, fromEnv)
      : path.join(projectRoot, DEFAULT_DATA_DIR);
  const allowEnv = io.env[ALLOW_PRIVATE_NETWORK_ENV];
  const allowPrivateNetwork = flags.allowPrivateNetwork ?? (allowEnv === '1' || allowEnv === 'true');
  return { dataDir, allowPrivateNetwork };
}
