import 'reflect-metadata';
import { runServiceMain } from '@riskpool/service-kit';
import { ledgerServiceDefinition } from './ledger.service-definition';

runServiceMain(ledgerServiceDefinition);
