import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { ChatLogFilter } from '../../../api/types.ts';
import { useApi } from '../../../session/session-context.ts';

/**
 * Downloads the CSV of the current filter. A plain link cannot send the bearer token,
 * so the file is fetched and handed to the browser as a blob link.
 */
export function ExportButton({ filter }: { filter: ChatLogFilter }) {
  const api = useApi();
  const exportCsv = useMutation({
    mutationFn: () => api.admin.exportChatLogs(filter),
    onSuccess: (blob) => saveBlob(blob, `chat-logs-${new Date().toISOString().slice(0, 10)}.csv`),
  });
  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} />}
      loading={exportCsv.isPending}
      onClick={() => exportCsv.mutate()}
    >
      Export CSV
    </Button>
  );
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns; revoke later so slow browsers can read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
