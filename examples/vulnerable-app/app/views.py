"""HTTP handlers of the report service."""
import hashlib
import os
import pickle
import sqlite3
import subprocess

import requests
from flask import Flask, request

app = Flask(__name__)

DB_PASSWORD = "s3cr3t-Pr0d-pa55"


def get_db():
    return sqlite3.connect("reports.db")


@app.route("/reports/<name>")
def show_report(name):
    db = get_db()
    cur = db.cursor()
    cur.execute("SELECT body FROM reports WHERE name = '%s'" % name)
    row = cur.fetchone()
    return row[0] if row else ("not found", 404)


@app.route("/archive", methods=["POST"])
def archive():
    target = request.form["target"]
    subprocess.call("tar czf /srv/archive/out.tgz " + target, shell=True)
    return "queued"


@app.route("/session", methods=["POST"])
def restore_session():
    state = pickle.loads(request.get_data())
    return {"user": state.get("user")}


@app.route("/mirror")
def mirror():
    upstream = request.args.get("url", "https://reports.internal/feed")
    resp = requests.get(upstream, verify=False, timeout=10)
    return resp.text


def fingerprint(password):
    return hashlib.md5(password.encode()).hexdigest()


def cleanup(path):
    try:
        os.remove(path)
    except Exception:
        pass


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
