"""The crawler akka-crawler grew out of, written from its seed blog post, as a benchmark peer.

One process per core (multiprocessing) takes URLs from a shared JoinableQueue, fetches each with
requests (one Session per process), pulls <button id> values and <a href> links out with regular
expressions, stores them in a Manager().dict() and queues the links not seen before (a shared seen
set, also a Manager dict). Links are followed when they stay on the seed's host and under the
seed's directory. It stops when the queue is drained and prints one JSON line:
{"pages": N, "html_pages": N, "bytes": N, "seconds": S}.

Usage: python3 mp_crawler.py SEED_URL [--urls-out FILE] [--processes N]
"""

import argparse
import html
import itertools
import json
import multiprocessing
import os
import re
import sys
import time
from urllib.parse import urldefrag, urljoin, urlsplit

import requests

# The seed's patterns were <button\s(?:.*?\s)*?id=... and <a\s(?:.*?\s)*?href=...; their nested
# lazy groups backtrack exponentially on a long line with an <a> tag without href (common in
# generated documentation). These match the same attributes in linear time.
BUTTON_ID = re.compile(r"<button\s[^>]*?\bid=['\"](.*?)['\"]", re.IGNORECASE)
LINK = re.compile(r"<a\s[^>]*?\bhref=['\"](.*?)['\"]", re.IGNORECASE)


def in_scope(url, host, directory):
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and parts.netloc == host
        and (parts.path or "/").startswith(directory)
    )


def crawl(queue, seen, results, host, directory):
    session = requests.Session()
    known = set()  # URLs this process already knows to be in the shared seen set
    tokens = itertools.count()
    pid = os.getpid()
    while True:
        url = queue.get()
        if url is None:
            queue.task_done()
            return
        try:
            response = session.get(url, timeout=30)
            body = response.content
            record = {"status": response.status_code, "bytes": len(body), "html": False}
            content_type = response.headers.get("Content-Type", "")
            if response.ok and "html" in content_type:
                text = response.text
                base = response.url
                links = []
                for href in LINK.findall(text):
                    link = urldefrag(urljoin(base, html.unescape(href.strip())))[0]
                    if in_scope(link, host, directory):
                        links.append(link)
                record.update(html=True, buttons=BUTTON_ID.findall(text), links=links)
                for link in dict.fromkeys(links):
                    if link in known:
                        continue
                    known.add(link)
                    # setdefault runs atomically in the manager: only the first caller's token
                    # comes back, so exactly one process queues the link.
                    token = "%d-%d" % (pid, next(tokens))
                    if seen.setdefault(link, token) == token:
                        queue.put(link)
            results[url] = record
        except Exception as e:  # a failed URL is a record, not the end of this process
            results[url] = {"error": type(e).__name__}
        finally:
            queue.task_done()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("seed")
    parser.add_argument("--urls-out")
    parser.add_argument("--processes", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args()

    start = time.monotonic()
    seed = urldefrag(args.seed)[0]
    parts = urlsplit(seed)
    directory = (parts.path or "/")[: (parts.path or "/").rfind("/") + 1]
    manager = multiprocessing.Manager()
    seen = manager.dict({seed: "seed"})
    results = manager.dict()
    queue = multiprocessing.JoinableQueue()
    queue.put(seed)
    workers = [
        multiprocessing.Process(
            target=crawl, args=(queue, seen, results, parts.netloc, directory)
        )
        for _ in range(args.processes)
    ]
    for w in workers:
        w.start()
    queue.join()  # every queued URL fetched, and none left: the crawl is over
    for _ in workers:
        queue.put(None)
    for w in workers:
        w.join()
    pages = results.copy()
    seconds = time.monotonic() - start
    manager.shutdown()

    if args.urls_out:
        with open(args.urls_out, "w") as f:
            for url, record in pages.items():
                if "status" in record:
                    f.write(url + "\n")
    fetched = [r for r in pages.values() if "status" in r]
    summary = {
        "pages": len(fetched),
        "html_pages": sum(1 for r in fetched if r["html"]),
        "bytes": sum(r["bytes"] for r in fetched),
        "seconds": round(seconds, 3),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
