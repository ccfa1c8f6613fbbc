export * from './text';
export * from './identifiers';
export * from './messages';
export * from './schemas';
export * from './money';
export * from './jalali';
export * from './programme';
