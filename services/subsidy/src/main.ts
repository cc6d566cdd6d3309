import 'reflect-metadata';
import { runServiceMain } from '@riskpool/service-kit';
import { subsidyDefinition } from './subsidy.service-definition';

runServiceMain(subsidyDefinition);
