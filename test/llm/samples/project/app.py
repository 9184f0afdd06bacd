import sqlite3

from flask import Flask, request

app = Flask(__name__)


def find_user(conn: sqlite3.Connection, name: str):
    cur = conn.cursor()
    cur.execute(f"SELECT id, name FROM users WHERE name = '{name}'")
    return cur.fetchone()


@app.route("/accounts/<int:account_id>", methods=["POST"])
def delete_account(account_id: int):
    conn = sqlite3.connect("app.db")
    conn.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
    conn.commit()
    return "deleted"


def average(values: list[int]) -> float:
    return sum(values) / len(values)


@app.route("/users")
def lookup():
    return str(find_user(sqlite3.connect("app.db"), request.args["name"]))
