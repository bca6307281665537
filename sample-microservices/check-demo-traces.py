#!/usr/bin/env python3
"""Checks, through Zipkin's HTTP API, the traces that run-demo.sh produced.

Usage: check-demo-traces.py <zipkin base URL>. Exits non-zero, naming each shortfall.
"""
import json
import re
import sys
import time
import urllib.request

zipkin = sys.argv[1].rstrip('/')
problems = []


def get(path):
    with urllib.request.urlopen(zipkin + path, timeout=10) as response:
        return json.load(response)


def check(condition, message):
    if not condition:
        problems.append(message)
    return condition


traces = get('/api/v2/traces?serviceName=api-gateway&limit=100&lookback=3600000')


def trace_for(request_id):
    for trace in traces:
        for span in trace:
            if span.get('kind') == 'SERVER' and span['localEndpoint']['serviceName'] == 'api-gateway' \
                    and span.get('tags', {}).get('request.id') == request_id:
                return trace
    return None


def only(trace, service, kind=None, name=None):
    found = [s for s in trace if s['localEndpoint']['serviceName'] == service
             and (kind is None or s.get('kind') == kind) and (name is None or s.get('name') == name)]
    return found[0] if len(found) == 1 else None


def is_error(span):
    tags = span.get('tags', {})
    return 'error' in tags or tags.get('otel.status_code') == 'ERROR'


# A confirmed order: the whole chain, the custom spans and the event.
trace = trace_for('demo-1')
if check(trace is not None, 'no trace for the request with X-Request-ID demo-1'):
    check(len({s['traceId'] for s in trace}) == 1, 'the demo-1 spans do not share one trace ID')
    services = {s['localEndpoint']['serviceName'] for s in trace}
    check(services >= {'api-gateway', 'order-service', 'user-service'}, 'demo-1 trace lacks a service: %s' % services)
    gw_server = only(trace, 'api-gateway', 'SERVER')
    gw_client = only(trace, 'api-gateway', 'CLIENT')
    order_server = only(trace, 'order-service', 'SERVER')
    order_client = only(trace, 'order-service', 'CLIENT')
    user_server = only(trace, 'user-service', 'SERVER')
    chain = [gw_server, gw_client, order_server, order_client, user_server]
    if check(all(chain), 'demo-1 trace lacks a server or client span: %s' % [s and s['name'] for s in chain]):
        check('parentId' not in gw_server, 'the gateway server span has a parent')
        for parent, child in zip(chain, chain[1:]):
            check(child.get('parentId') == parent['id'],
                  '%s %s is not the child of %s %s' % (child['localEndpoint']['serviceName'], child.get('kind'),
                                                         parent['localEndpoint']['serviceName'], parent.get('kind')))
        for span in (gw_server, order_server, user_server):
            check(span.get('tags', {}).get('request.id') == 'demo-1',
                  '%s server span lacks request.id=demo-1' % span['localEndpoint']['serviceName'])
        check(gw_server['name'].lower() == 'get /api/orders/{id}', 'gateway span name is %r' % gw_server['name'])
        queries = [s for s in trace if s['localEndpoint']['serviceName'] == 'user-service'
                   and s.get('parentId') == user_server['id'] and s.get('kind') == 'CLIENT']
        if check(len(queries) == 1, 'user-service has no database span under its server span'):
            check('SELECT' in json.dumps(queries[0].get('tags', {})), 'the database span does not show its query')
        for name in ('validate_inventory', 'charge_payment'):
            custom = only(trace, 'order-service', name=name)
            if check(custom is not None, 'no %s span in order-service' % name):
                check(custom.get('parentId') == order_server['id'], '%s is not a child of the order span' % name)
        check(any('order_confirmed' in a.get('value', '') for a in order_server.get('annotations', [])),
              'the order span has no order_confirmed event')


def literal_free(statement):
    """Whether a SQL statement shows bind markers or '?' where values go, and no literal values."""
    unmarked = re.sub(r'\$\d+|:[A-Za-z_]\w*|\?', ' ', statement)
    has_marker = unmarked != statement
    return has_marker and "'" not in unmarked and re.search(r'(?<![\w.])[-+]?\d+(\.\d+)?(?![\w.])', unmarked) is None


def messaging_trace(trace_id, seconds=30):
    """The trace, once user-service's consumer span for it has reached Zipkin (or the timeout)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            trace = get('/api/v2/trace/' + trace_id)
        except OSError:
            trace = []
        if only(trace, 'user-service', 'CONSUMER', 'order-confirmed process') or time.monotonic() > deadline:
            return trace
        time.sleep(1)


# The order-confirmed event: published by order-service, consumed by user-service, written to
# its database, all in the trace of the gateway request.
trace = trace_for('demo-1')
if trace is not None:
    gw_server = only(trace, 'api-gateway', 'SERVER')
    trace = messaging_trace(trace[0]['traceId'])
    producer = only(trace, 'order-service', 'PRODUCER', 'order-confirmed publish')
    consumer = only(trace, 'user-service', 'CONSUMER', 'order-confirmed process')
    order_server = only(trace, 'order-service', 'SERVER')
    if check(gw_server is not None and producer is not None and consumer is not None,
             'the demo-1 trace lacks the gateway server span, the order-confirmed PRODUCER span in order-service '
             'or the CONSUMER span in user-service: %s' % sorted(
                 (s['localEndpoint']['serviceName'], s.get('kind', ''), s.get('name', '')) for s in trace)):
        check(consumer['traceId'] == gw_server['traceId'], 'the consumer span is not in the gateway request\'s trace')
        check(consumer.get('parentId') == producer['id'], 'the consumer span is not the child of the producer span')
        check(order_server is not None and producer['traceId'] == order_server['traceId'],
              'the producer span is not in the order request\'s trace')
        for span, operation in ((producer, 'publish'), (consumer, 'process')):
            tags = span.get('tags', {})
            check(tags.get('messaging.system') == 'kafka', '%s lacks messaging.system=kafka' % span['name'])
            check(tags.get('messaging.destination') == 'order-confirmed',
                  '%s lacks messaging.destination=order-confirmed' % span['name'])
            check(tags.get('messaging.operation') == operation,
                  '%s lacks messaging.operation=%s' % (span['name'], operation))
            check(tags.get('messaging.message_id') == '1', '%s lacks messaging.message_id=1 (the key)' % span['name'])
        inserts = [s for s in trace if s['localEndpoint']['serviceName'] == 'user-service'
                   and s.get('parentId') == consumer['id'] and s.get('kind') == 'CLIENT'
                   and 'db.system' in s.get('tags', {})]
        if check(len(inserts) == 1, 'user-service has no database span (CLIENT, db.system) under its consumer span'):
            statement = inserts[0]['tags'].get('db.statement', '')
            check('confirmed_orders' in statement, 'the consumer\'s database span shows %r' % statement)
            check(literal_free(statement), 'the consumer\'s db.statement shows literal values: %r' % statement)

# The declined payment: ERROR spans with the exception, a 5xx at the gateway.
trace = trace_for('demo-13')
if check(trace is not None, 'no trace for the declined order (X-Request-ID demo-13)'):
    payment = only(trace, 'order-service', name='charge_payment')
    if check(payment is not None, 'no charge_payment span for the declined order'):
        check(is_error(payment), 'charge_payment of the declined order is not an error')
        check(any('exception' in a.get('value', '') for a in payment.get('annotations', [])),
              'charge_payment of the declined order has no exception event')
    gw_server = only(trace, 'api-gateway', 'SERVER')
    if check(gw_server is not None, 'no gateway span for the declined order'):
        check(gw_server.get('tags', {}).get('http.status_code', '').startswith('5'),
              'the declined order is not a 5xx at the gateway')
        check(is_error(gw_server), 'the gateway span of the declined order is not an error')

# The slow order.
trace = trace_for('demo-99')
if check(trace is not None, 'no trace for the slow order (X-Request-ID demo-99)'):
    gw_server = only(trace, 'api-gateway', 'SERVER')
    check(gw_server is not None and gw_server.get('duration', 0) >= 1_500_000, 'the slow order took under 1.5 s')

for problem in problems:
    print('  - ' + problem)
print('%d traces checked, %d problems' % (len(traces), len(problems)))
sys.exit(1 if problems else 0)
