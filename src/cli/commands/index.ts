import type { Command } from 'commander';
import type { GlobalOptions } from '../context';
import { registerInference } from './inference';
import { registerIngest } from './ingest';
import { registerDrift } from './drift';
import { registerGate } from './gate';
import { registerLint } from './lint';
import { registerModels } from './models';
import { registerRuns } from './runs';
import { registerScore } from './score';
import { registerStatus } from './status';
import { registerWatch } from './watch';

export type RegisterCommand = (program: Command, globals: () => GlobalOptions) => void;

/** Every CLI command, one module each. */
export const commands: RegisterCommand[] = [registerStatus, registerIngest, registerWatch, registerRuns, registerModels, registerGate, registerLint, registerInference, registerDrift, registerScore];
