"""Pages and downloads of the report service."""
import logging
import os

from flask import Blueprint, redirect, render_template_string, request, send_file, session

pages = Blueprint("pages", __name__)
log = logging.getLogger(__name__)

EXPORT_DIR = "/srv/exports"


@pages.route("/welcome")
def welcome():
    name = request.args.get("name", "guest")
    log.info("welcome page for %s", name)
    return "<h1>Welcome back, " + name + "</h1>"


@pages.route("/login", methods=["POST"])
def login():
    session["role"] = request.form.get("role", "reader")
    return redirect(request.args.get("next", "/"))


@pages.route("/exports/<path:filename>")
def export(filename):
    return send_file(os.path.join(EXPORT_DIR, filename))


@pages.route("/banner")
def banner():
    text = request.args.get("text", "")
    return render_template_string("<div class='banner'>" + text + "</div>")
