import { App, Button, Form, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, problemFields, uuid } from '../lib/api.ts';
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
  fieldNames,
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
  /** Body field → form field, where they differ (Problem Details name the body's fields). */
  fieldNames?: Record<string, string>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  // each opening gets a new form (fresh initial values from the row as it is now)
  const [opening, setOpening] = useState(0);
  const [key, setKey] = useState(uuid);
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
      <Button
        size="small"
        onClick={() => {
          m.reset();
          setOpening((n) => n + 1);
          setOpen(true);
        }}
        data-testid={testId}
        {...buttonProps}
      >
        {label}
      </Button>
      {open && (
        <ActionDialog<V>
          key={opening}
          title={title}
          initialValues={initialValues}
          pending={m.isPending}
          error={m.error}
          fieldNames={fieldNames}
          onCancel={() => setOpen(false)}
          onSubmit={(v) => m.mutate(v)}
        >
          {children}
        </ActionDialog>
      )}
    </>
  );
}

function ActionDialog<V extends Record<string, unknown>>({
  title,
  initialValues,
  pending,
  error,
  onCancel,
  onSubmit,
  children,
  fieldNames,
}: {
  title: ReactNode;
  initialValues?: Partial<V>;
  pending: boolean;
  error: unknown;
  fieldNames?: Record<string, string>;
  onCancel: () => void;
  onSubmit: (v: V) => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  return (
    <Modal
      open
      title={title}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t('提交', 'Submit')}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={pending}
    >
      <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={onSubmit}>
        {children}
        <ProblemFields error={error} fieldNames={fieldNames} />
      </Form>
      {error ? <ErrorState error={error} /> : null}
    </Modal>
  );
}

/**
 * Problem Details that name fields are shown next to those fields (and the whole answer above the buttons).
 * The server names fields at run time (any path of the body), so this sets them through the enclosing form
 * seen as a plain store (`Form.useFormInstance`), not through the form's typed values.
 */
function ProblemFields({ error, fieldNames }: { error: unknown; fieldNames: Record<string, string> | undefined }) {
  const form = Form.useFormInstance<Record<string, unknown>>();
  const names = useRef(fieldNames);
  names.current = fieldNames;
  useEffect(() => {
    if (!(error instanceof ApiError)) return;
    const fields = problemFields(error.errors, names.current);
    if (fields.length) form.setFields(fields);
  }, [error, form]);
  return null;
}
