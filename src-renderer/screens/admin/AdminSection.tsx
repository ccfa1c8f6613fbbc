import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One section of the supervisors' screen: a region named by its heading, an optional intro, then its content. */
export function AdminSection({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <Stack component="section" gap="md" aria-labelledby={`${id}-title`}>
      <Title order={2} id={`${id}-title`}>
        {title}
      </Title>
      {intro && (
        <Text size="sm" c="dimmed">
          {intro}
        </Text>
      )}
      {children}
    </Stack>
  );
}
