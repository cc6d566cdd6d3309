import 'reflect-metadata';
import { runServiceMain } from '@riskpool/service-kit';
import { loanRegistryDefinition } from './loan-registry.service-definition';

runServiceMain(loanRegistryDefinition);
