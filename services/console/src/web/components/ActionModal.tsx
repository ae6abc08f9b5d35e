import { App, Button, Form, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { uuid } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { ErrorState } from './States.tsx';

/**
 * A button that opens a form in a modal and runs one command; the submission gets one
 * Idempotency-Key (a retry after a lost answer reuses it), a fresh one after success.
 */
export function ActionModal<V extends Record<string, unknown>, R = unknown>({
  label,
  title,
  children,
  submit,
  onDone,
  invalidate,
  initialValues,
  buttonProps,
  testId,
}: {
  label: ReactNode;
  title: ReactNode;
  children?: ReactNode;
  submit: (values: V, idempotencyKey: string) => Promise<R>;
  onDone?: (r: R) => void;
  invalidate?: unknown[][];
  initialValues?: Partial<V>;
  buttonProps?: Record<string, unknown>;
  testId?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(uuid);
  const [form] = Form.useForm<V>();
  const m = useMutation({
    mutationFn: (v: V) => submit(v, key),
    // The modal closes once the lists show the new state, so the next command sends the new version.
    onSuccess: async (r) => {
      setKey(uuid());
      await Promise.all((invalidate ?? []).map((k) => qc.invalidateQueries({ queryKey: k })));
      setOpen(false);
      void message.success(t('已保存', 'Saved'));
      onDone?.(r);
    },
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid={testId} {...buttonProps}>
        {label}
      </Button>
      <Modal open={open} title={title} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('提交', 'Submit')} cancelText={t('取消', 'Cancel')} confirmLoading={m.isPending} destroyOnHidden>
        <Form<V> form={form} layout="vertical" preserve={false} initialValues={initialValues} onFinish={(v) => m.mutate(v)}>
          {children}
        </Form>
        {m.error && <ErrorState error={m.error} />}
      </Modal>
    </>
  );
}
