import 'reflect-metadata';
import { runServiceMain } from '@riskpool/service-kit';
import { poolAllocationDefinition } from './pool-allocation.service-definition';

runServiceMain(poolAllocationDefinition);
