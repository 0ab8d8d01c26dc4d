#!/usr/bin/env python3
"""The network of an enterprise, on 127.0.0.1 only: a TLS-terminating reverse proxy with a test CA made for the
run, in front of a plain-HTTP backend (`esmigrate serve`), and an HTTP CONNECT proxy with Basic credentials.

usage: scripts/net-fixture.py BACKEND_PORT DIR [--proxy-user USER:PASSWORD] [--drop-connect]

Writes into DIR a test CA (ca.pem), the server's certificate for 127.0.0.1 and localhost, and proxy.log (one
line per CONNECT: `CONNECT host:port <status>`). Prints one JSON line on stderr once both listen:
{"https_port": N, "proxy_port": M, "ca": "DIR/ca.pem"}, then serves until killed. Only loopback addresses are
ever connected to: a CONNECT to anything else is refused (403). The ready line goes to stderr.
"""
import base64, json, os, signal, socket, ssl, subprocess, sys, threading

# Started from a thread that blocks SIGTERM (a test runner's), the mask is inherited: unblock it so that the
# ordinary stop signals end the fixture.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

backend_port = int(sys.argv[1])
work = sys.argv[2]
user = None
if "--proxy-user" in sys.argv:
    user = sys.argv[sys.argv.index("--proxy-user") + 1]
# --drop-connect: the proxy closes the connection after reading a CONNECT, without answering.
drop_connect = "--drop-connect" in sys.argv
os.makedirs(work, exist_ok=True)

def openssl(*args):
    subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

ca_key, ca = os.path.join(work, "ca.key"), os.path.join(work, "ca.pem")
key, csr, cert = os.path.join(work, "server.key"), os.path.join(work, "server.csr"), os.path.join(work, "server.pem")
ext = os.path.join(work, "server.ext")
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2",
        "-subj", "/CN=esmigrate test CA")
openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1")
with open(ext, "w") as f:
    f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert, "-days", "2",
        "-extfile", ext)

def relay(a, b):
    def pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data: break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try: s.shutdown(socket.SHUT_RDWR)
                except OSError: pass
    t = threading.Thread(target=pump, args=(b, a), daemon=True)
    t.start()
    pump(a, b)
    t.join()
    a.close(); b.close()

# The HTTPS endpoint: TLS in front of the plain-HTTP backend.
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
https = socket.socket(); https.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
https.bind(("127.0.0.1", 0)); https.listen(128)

def serve_https():
    while True:
        conn, _ = https.accept()
        def handle(conn=conn):
            try:
                tls = context.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                conn.close(); return          # a client that does not trust the CA ends the handshake
            backend = socket.create_connection(("127.0.0.1", backend_port))
            relay(tls, backend)
        threading.Thread(target=handle, daemon=True).start()

# The CONNECT proxy.
proxy = socket.socket(); proxy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
proxy.bind(("127.0.0.1", 0)); proxy.listen(128)
log_lock = threading.Lock()

def log(line):
    with log_lock, open(os.path.join(work, "proxy.log"), "a") as f:
        f.write(line + "\n")

def serve_proxy():
    while True:
        conn, _ = proxy.accept()
        def handle(conn=conn):
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk: conn.close(); return
                head += chunk
            lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
            parts = lines[0].split(" ")
            headers = {l.split(":", 1)[0].strip().lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
            def answer(status, text):
                conn.sendall(f"HTTP/1.1 {status} {text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
                conn.close()
            if len(parts) < 2 or parts[0] != "CONNECT":
                log(f"{parts[0] if parts else '?'} {parts[1] if len(parts) > 1 else '?'} 405"); return answer(405, "Method Not Allowed")
            target = parts[1]
            host, _, port = target.rpartition(":")
            if drop_connect:
                log(f"CONNECT {target} dropped"); conn.close(); return
            if user is not None:
                expected = "Basic " + base64.b64encode(user.encode()).decode()
                if headers.get("proxy-authorization") != expected:
                    log(f"CONNECT {target} 407"); return answer(407, "Proxy Authentication Required")
            if host.strip("[]") not in ("127.0.0.1", "localhost", "::1"):
                log(f"CONNECT {target} 403"); return answer(403, "Forbidden")
            try:
                upstream = socket.create_connection((host.strip("[]"), int(port)))
            except OSError:
                log(f"CONNECT {target} 502"); return answer(502, "Bad Gateway")
            log(f"CONNECT {target} 200")
            conn.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            relay(conn, upstream)
        threading.Thread(target=handle, daemon=True).start()

threading.Thread(target=serve_https, daemon=True).start()
threading.Thread(target=serve_proxy, daemon=True).start()
print(json.dumps({"https_port": https.getsockname()[1], "proxy_port": proxy.getsockname()[1], "ca": ca}),
      file=sys.stderr, flush=True)
threading.Event().wait()
