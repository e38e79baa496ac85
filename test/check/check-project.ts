// A small shared connector for the reference tests: one action, one event with both sources, one helper.
import { yaml } from '../compile/compile-fixture.js';

export const HELPDESK = yaml`
  kind: connector
  name: helpdesk
  version: 1.0.0
  baseUrl: https://{{connection.subdomain}}.helpdesk.example
  connection:
    fields:
      subdomain: { type: text, required: true }
      apiKey: { type: secret, required: true }
  auth:
    type: custom
    headers: { Authorization: "Bearer {{connection.apiKey}}" }
  actions:
    create_ticket:
      options:
        priority: { type: dropdown, choices: [low, normal, high], required: true }
        notify: { type: boolean }
        retries: { type: number }
        labels: { type: text, list: true }
      inputs:
        subject: { type: text, required: true }
        body: { type: text, required: true, default: "" }
        due: { type: datetime }
      steps:
        - id: created
          request: { method: POST, url: /tickets, json: { subject: "{{inputs.subject}}" } }
        - return: { id: steps.created.body.id }
    close_ticket:
      inputs: { id: { type: number, required: true } }
      steps:
        - request: { method: POST, url: "/tickets/{{path inputs.id}}/close" }
  events:
    ticket_created:
      options:
        queue: { type: text, required: true }
      webhook:
        register: { steps: [{ return: "{}" }] }
        verify: { scheme: none }
        records: body
      polling:
        schedule: "*/5 * * * *"
        steps: [{ return: "{'records': []}" }]
    ticket_closed:
      webhook:
        register: { steps: [{ return: "{}" }] }
        verify: { scheme: none }
        records: body
  helpers:
    find_user:
      inputs: { email: { type: text, required: true } }
      steps: [{ return: "inputs.email" }]
`;
