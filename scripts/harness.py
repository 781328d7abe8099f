"""What the scripts that drive real `dangjian serve` processes share (scripts/crash-test, scripts/two-process-test): a
free port, a server process started and killed, JSON calls that tell a refusal from no answer, and rosters of valid
made-up people."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(os.environ.get("BIN", os.path.join(ROOT, ".build/debug/dangjian")))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `dangjian serve` on loopback, its output appended to `log_path`."""

    def __init__(self, env, log_path, port=None):
        self.env = env
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log = open(log_path, "ab")

    def start(self):
        self.process = subprocess.Popen([BIN, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)], cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=self.log)
        for _ in range(300):
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        sys.exit(f"the server on port {self.port} did not start (its log: {self.log.name})")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


class Down(Exception):
    """The server did not answer: the write is neither acknowledged nor refused."""


def call(base, method, path, body=None, token=None, raw=None, content_type="application/json", headers=None):
    """(status, answer as JSON or text); raises Down when nothing answered."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    sent = {"Content-Type": content_type, **(headers or {})}
    if token:
        sent["Authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text.decode(errors="replace")
    except (urllib.error.URLError, ConnectionError, OSError, ValueError) as error:
        raise Down(str(error))


def id_number(birth, sequence, region):
    """A valid 公民身份号码; the 17th digit (odd for men) follows the sequence's parity."""
    body = region + birth.replace("-", "") + "%03d" % (sequence % 1000)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "建国秀英海燕志强丽娟春梅晓东红霞文华玉兰德明"


def chinese_name(n):
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES)) % len(GIVEN)] + GIVEN[(n // 7) % len(GIVEN)]


def roster(first, count, branch_name, region):
    """A CSV roster of `count` new people numbered from `first`, all filed in `branch_name`: (bytes, their ID numbers)."""
    rows = []
    numbers = []
    for n in range(first, first + count):
        birth = "%04d-%02d-%02d" % (1955 + n % 45, 1 + n % 12, 1 + n % 28)
        number = id_number(birth, n, region)
        numbers.append(number)
        rows.append(",".join([chinese_name(n), "男" if n % 2 else "女", number, birth, "大学本科", "农牧渔民",
                              "%04d-07-01" % (1955 + n % 45 + 25), "%04d-07-01" % (1955 + n % 45 + 26), branch_name, ""]))
    csv = "姓名,性别,公民身份号码,出生日期,学历,人员类别,入党时间,转正时间,所在党组织,联系电话\n" + "\n".join(rows) + "\n"
    return csv.encode(), numbers
