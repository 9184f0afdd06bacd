"""HTTP API of the inventory store: request data is bound, escaped, checked or converted before use."""
import logging
import os
import subprocess

from flask import Flask, abort, jsonify, redirect, request, send_from_directory, url_for
from markupsafe import escape

from .store import InventoryStore

app = Flask(__name__)
LOG = logging.getLogger(__name__)
STORE = InventoryStore(os.path.join(os.path.dirname(__file__), "inventory.db"))
REPORT_DIR = os.path.join(os.path.dirname(__file__), "reports")
REPORT_FORMATS = {"csv", "json"}


@app.route("/items/<sku>")
def item(sku):
    LOG.info("item lookup (%d characters)", len(sku))
    return jsonify({"sku": sku, "qty": STORE.count(sku)})


@app.route("/items/<sku>/label")
def label(sku):
    return "<h1>Item " + str(escape(sku)) + "</h1>"


@app.route("/items/<sku>/adjust", methods=["POST"])
def adjust(sku):
    delta = request.form.get("delta", 0, type=int)
    STORE.adjust(sku, delta)
    return redirect(url_for("item", sku=sku))


@app.route("/reports/<name>")
def report(name):
    return send_from_directory(REPORT_DIR, name)


@app.route("/reports/build", methods=["POST"])
def build_report():
    fmt = request.form.get("format", "csv")
    if fmt not in REPORT_FORMATS:
        abort(400)
    subprocess.run(["inventory-report", "--format", fmt, "--out", REPORT_DIR], check=True, timeout=60)
    return jsonify({"format": fmt})
