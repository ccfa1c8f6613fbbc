import type { z } from 'zod';
import { authContract } from './auth';
import { staffContract } from './staff';
import { referenceContract } from './reference';
import { systemContract } from './system';
import { casesContract } from './cases';
import { intakeContract } from './intake';
import { settingsContract } from './settings';
import { trustContract } from './trust';
import { ticketsContract } from './tickets';
import { queueContract } from './queue';
import { syncContract } from './sync';

/** The whole API: method name -> input, output, access. Both hosts serve exactly this. */
export const contract = {
  ...authContract,
  ...staffContract,
  ...referenceContract,
  ...systemContract,
  ...casesContract,
  ...intakeContract,
  ...settingsContract,
  ...ticketsContract,
  ...trustContract,
  ...queueContract,
  ...syncContract,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<Contract[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './method';
export * from './roles';
export * from './errors';
