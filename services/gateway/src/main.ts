import 'reflect-metadata';
import { runServiceMain } from '@riskpool/service-kit';
import { gatewayDefinition } from './gateway.service-definition';

runServiceMain(gatewayDefinition);
