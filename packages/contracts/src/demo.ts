import type { Role } from './roles.ts';

/**
 * The local demo accounts of docs/API.md, seeded only with the embedded identity provider.
 * Their ids are fixed so every service's seeder can refer to them (e.g. the demo courses'
 * instructor) without asking another service.
 */
export const DEMO_ACCOUNTS: ReadonlyArray<{
  id: string;
  email: string;
  password: string;
  name: string;
  roles: Role[];
}> = [
  {
    id: '01930000-0000-7000-8000-00000000a001',
    email: 'admin@example.com',
    password: 'admin-password',
    name: 'Ada Admin',
    roles: ['user', 'admin'],
  },
  {
    id: '01930000-0000-7000-8000-00000000a002',
    email: 'instructor@example.com',
    password: 'instructor-password',
    name: 'Ivan Instructor',
    roles: ['user', 'instructor'],
  },
  {
    id: '01930000-0000-7000-8000-00000000a003',
    email: 'learner@example.com',
    password: 'learner-password',
    name: 'Lena Learner',
    roles: ['user'],
  },
];

export const DEMO_INSTRUCTOR_ID = '01930000-0000-7000-8000-00000000a002';
