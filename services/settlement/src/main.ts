import 'reflect-metadata';
import { runServiceMain } from '@riskpool/service-kit';
import { settlementServiceDefinition } from './settlement.service-definition';

runServiceMain(settlementServiceDefinition);
