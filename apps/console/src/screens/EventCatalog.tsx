import { API_VERSION } from '../../../../libs/contracts/src/webhook-envelope';
import { useConsole } from '../console-context';
import { ErrorNotice, useLoad } from '../components/useLoad';
import { examplePayload } from './example-payload';

/** Beyond the seed: every event type an endpoint can subscribe to, with its schema and an example delivery body. */
export function EventCatalog() {
  const { api, projectId } = useConsole();
  const catalog = useLoad(async () => (await api.request('get', '/v1/event-types')).data, [api]);
  return (
    <section aria-labelledby="catalog-heading">
      <h1 id="catalog-heading">Event Catalog</h1>
      {catalog.state === 'failed' ? <ErrorNotice error={catalog.error} /> : null}
      {catalog.state === 'ready'
        ? catalog.value.map((type) => (
            <details key={type.name} className="card">
              <summary>
                <h2 className="inline mono">{type.name}</h2> <span className="muted">{type.description}</span>
              </summary>
              <h3>Schema</h3>
              {type.schema ? (
                <pre className="code" tabIndex={0} aria-label={`${type.name} schema`}>
                  {JSON.stringify(type.schema, null, 2)}
                </pre>
              ) : (
                <p className="muted">No schema: data.object is free-form for this type.</p>
              )}
              <h3>Example payload</h3>
              <pre className="code" tabIndex={0} aria-label={`${type.name} example payload`}>
                {JSON.stringify(
                  {
                    id: 'msg_…',
                    type: type.name,
                    api_version: API_VERSION,
                    created_at: 1747147674,
                    liveMode: true,
                    project_id: projectId ?? 'proj_…',
                    data: { object: type.schema ? examplePayload(type.schema) : {} },
                  },
                  null,
                  2,
                )}
              </pre>
            </details>
          ))
        : null}
    </section>
  );
}
