// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { Form, type FormInstance } from 'antd';
import { CONSENT_DEPTS, toOpenCaseBody, type FormValues } from '../src/web/desks/operator/new-case/body.ts';
import {
  CallSection,
  IncidentSection,
  NeedsConsentSection,
  VictimSection,
} from '../src/web/desks/operator/new-case/sections.tsx';
import './jsdom-polyfills.ts';

afterEach(cleanup);

/** The new-case form's sections in one antd Form, as NewCase lays them out; the form instance is handed out. */
function renderSections(): FormInstance<FormValues> {
  let instance: FormInstance<FormValues> | undefined;
  function Harness() {
    const [form] = Form.useForm<FormValues>();
    instance = form;
    return (
      <Form<FormValues>
        form={form}
        initialValues={{ needs: [], consent: Object.fromEntries(CONSENT_DEPTS.map((d) => [d, 'unasked'])) }}
      >
        <CallSection />
        <VictimSection />
        <IncidentSection />
        <NeedsConsentSection />
      </Form>
    );
  }
  render(<Harness />);
  return instance!;
}

describe('new-case form sections (split out of NewCase.tsx)', () => {
  it('render every field the operator and the e2e test use, with one consent question per department', () => {
    renderSections();
    for (const id of ['victim-name', 'victim-age', 'victim-phone', 'victim-street', 'narrative', 'needs'])
      expect(screen.getByTestId(id)).toBeTruthy();
    expect(document.querySelectorAll('[data-consent]')).toHaveLength(CONSENT_DEPTS.length);
  });
  it('name their fields into FormValues: what is entered becomes intake’s OpenCaseBody', () => {
    const form = renderSections();
    act(() =>
      form.setFieldsValue({
        channel: 'hotline_12338',
        category: 'domestic_violence',
        caller: { relation: 'self', anonymous: false, safeToCallBack: true },
        victim: { name: 'A', sex: 'female', street: 'xinqi', protection: ['elderly'] },
        perpetrator: { relation: 'spouse' },
        incident: { place: 'home', violenceTypes: ['physical'] },
        needs: ['dv_protection'],
        consent: { police: 'yes', shelter: 'no' },
        narrative: 'n',
      }),
    );
    const body = toOpenCaseBody(form.getFieldsValue(true), ['q1'], null, '');
    expect(body).toEqual({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      caller: { anonymous: false, relation: 'self', safeToCallBack: true },
      victim: { name: 'A', sex: 'female', street: 'xinqi', protection: { elderly: true } },
      perpetrator: { relation: 'spouse' },
      incident: { place: 'home', street: 'xinqi', violenceTypes: ['physical'] },
      needs: ['dv_protection'],
      risk: { yes: ['q1'] },
      consent: { police: true, shelter: false },
      narrative: 'n',
    });
  });
});
