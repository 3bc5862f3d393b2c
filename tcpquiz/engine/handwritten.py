"""Scenario and timer questions written by hand, each in English and Chinese.

Each entry is (key, kind, english, chinese) where a language part is
(prompt, right answer, three wrong answers, explanation). The facts behind the
scenario questions are the simulator's: tests/engine check them against its runs.
"""

from __future__ import annotations

Part = tuple[str, str, tuple[str, str, str], str]
Entry = tuple[str, str, Part, Part]

SCENARIO: tuple[Entry, ...] = (
    ("scenario/lost-final-ack/what-next", "scenario",
     ("The last ACK of a normal close, from the client in TIME-WAIT to the server in LAST-ACK, is lost. "
      "What happens next?",
      "The server's retransmission timer fires and it sends its FIN again; the client ACKs it again and "
      "restarts its 2MSL timer.",
      ("The client notices the loss and retransmits its ACK on its own timer.",
       "The server gives up at once and deletes its TCB.",
       "The server sends a RST and the client goes to CLOSED."),
      "An ACK occupies no sequence number, so nobody retransmits it. Only the server's FIN sits on a "
      "retransmission queue. The client is still in TIME-WAIT precisely to answer that FIN "
      "(RFC 9293 section 3.10.7.4). Try `tcpquiz simulate lost-final-ack`."),
     ("正常关闭时，TIME-WAIT 中的客户端发给 LAST-ACK 中的服务器的最后一个 ACK 丢了。接下来会怎样？",
      "服务器的重传计时器到期，重发 FIN；客户端再次确认，并重新开始 2MSL 计时。",
      ("客户端发现丢包，用自己的计时器重传 ACK。",
       "服务器立即放弃并删除 TCB。",
       "服务器发送 RST，客户端进入 CLOSED。"),
      "ACK 不占序号，没有人会重传它；只有服务器的 FIN 在重传队列里。客户端留在 TIME-WAIT，正是为了回应这个 FIN"
      "（RFC 9293 第 3.10.7.4 节）。可以运行 `tcpquiz simulate lost-final-ack` 看看。")),
    ("scenario/lost-final-ack/without-time-wait", "scenario",
     ("Suppose the client deleted its TCB right after sending the last ACK, and that ACK was lost. What would "
      "the server's retransmitted FIN get back?",
      "A RST, because no connection exists any more: the server would report an error instead of a clean close.",
      ("An ACK, because the client's stack remembers the port.",
       "Nothing; the server would stay in LAST-ACK for ever.",
       "A new SYN from the client."),
      "A segment that reaches CLOSED is answered with a RST (RFC 9293 section 3.10.7.1). TIME-WAIT keeps the "
      "TCB so that the retransmitted FIN gets a proper ACK instead."),
     ("假如客户端发出最后一个 ACK 后立刻删除 TCB，而这个 ACK 又丢了，服务器重传的 FIN 会得到什么回应？",
      "RST，因为连接已不存在：服务器会把这次关闭当作错误，而不是正常结束。",
      ("ACK，因为客户端协议栈还记得这个端口。",
       "什么也得不到，服务器会永远停在 LAST-ACK。",
       "客户端发来的一个新 SYN。"),
      "到达 CLOSED 的报文会被回以 RST（RFC 9293 第 3.10.7.1 节）。"
      "TIME-WAIT 保留 TCB，重传的 FIN 才能得到正常的 ACK。")),
    ("scenario/lost-final-ack/acks-sent", "scenario",
     ("In the lost-final-ack scenario, how many ACKs of the server's FIN does the client send in all?",
      "Two: the first is lost, the second answers the retransmitted FIN.",
      ("One: the client never repeats an ACK.", "Three: one per retransmission timer expiry and one more.",
       "None: the client in TIME-WAIT only waits."),
      "TIME-WAIT answers every copy of the peer's FIN with an ACK and restarts 2MSL (RFC 9293 section 3.10.7.4). "
      "In `tcpquiz simulate lost-final-ack` the client sends two ACKs of the FIN."),
     ("在 lost-final-ack 场景里，客户端一共对服务器的 FIN 发了几个 ACK？",
      "两个：第一个丢了，第二个回应重传的 FIN。",
      ("一个：客户端从不重复发送 ACK。",
       "三个：每次重传计时器到期一个，再加一个。",
       "一个也没有：TIME-WAIT 中只是等待。"),
      "TIME-WAIT 对对端 FIN 的每个副本都回 ACK，并重新开始 2MSL（RFC 9293 第 3.10.7.4 节）。"
      "在 `tcpquiz simulate lost-final-ack` 中，客户端对 FIN 发了两个 ACK。")),
    ("scenario/simultaneous-close/who-time-wait", "scenario",
     ("Both sides call CLOSE at the same moment and their FINs cross. Which side waits in TIME-WAIT?",
      "Both sides.",
      ("Only the side whose FIN was sent first.", "Neither side: a simultaneous close skips TIME-WAIT.",
       "Only the side that receives the last ACK."),
      "Each side goes FIN-WAIT-1 → CLOSING (the peer's FIN came before the ACK of its own) → TIME-WAIT when its "
      "FIN is acknowledged (RFC 9293 section 3.6, Figure 13). Both closed actively, so both wait 2MSL."),
     ("双方同时调用 CLOSE，两个 FIN 交错。哪一方会在 TIME-WAIT 等待？",
      "双方都会。",
      ("只有先发出 FIN 的一方。", "双方都不会：同时关闭跳过 TIME-WAIT。", "只有收到最后一个 ACK 的一方。"),
      "每一方都是 FIN-WAIT-1 → CLOSING（对端的 FIN 先于本端 FIN 的确认到达）→ 本端 FIN 被确认后进入 TIME-WAIT"
      "（RFC 9293 第 3.6 节，图 13）。双方都是主动关闭，所以都要等 2MSL。")),
    ("scenario/simultaneous-close/closing", "scenario",
     ("What is a host in CLOSING waiting for?",
      "The ACK of its own FIN; it has already received and acknowledged the peer's FIN.",
      ("The peer's FIN.", "Its user to call CLOSE.", "The 2MSL timer to expire."),
      "CLOSING is reached from FIN-WAIT-1 when the peer's FIN arrives before the ACK of ours; the ACK of our FIN "
      "then moves it to TIME-WAIT (RFC 9293 sections 3.3.2 and 3.10.7.4)."),
     ("处于 CLOSING 的主机在等什么？",
      "等对本端 FIN 的确认；对端的 FIN 它已经收到并确认过了。",
      ("等对端的 FIN。", "等本端应用调用 CLOSE。", "等 2MSL 计时器到期。"),
      "当对端的 FIN 先于本端 FIN 的确认到达时，FIN-WAIT-1 进入 CLOSING；收到本端 FIN 的确认后进入 TIME-WAIT"
      "（RFC 9293 第 3.3.2 与 3.10.7.4 节）。")),
    ("scenario/simultaneous-close/segments", "scenario",
     ("In a simultaneous close with no losses, how many segments cross the network?",
      "Four: two FINs and two ACKs.", ("Three: FIN, FIN,ACK, ACK.", "Two: the two FINs acknowledge each other.",
                                       "Six: each FIN is sent twice."),
      "Each FIN acknowledges only what was received before it, not the other FIN, so each needs its own ACK "
      "(RFC 9293 Figure 13). `tcpquiz simulate simultaneous-close` shows the four segments."),
     ("没有丢包的同时关闭中，网络上一共传了几个报文？",
      "四个：两个 FIN 和两个 ACK。",
      ("三个：FIN、FIN,ACK、ACK。",
       "两个：两个 FIN 互相确认。",
       "六个：每个 FIN 发两次。"),
      "每个 FIN 只确认它发出之前收到的内容，不包括对方的 FIN，所以各自还需要一个 ACK（RFC 9293 图 13）。"
      "`tcpquiz simulate simultaneous-close` 可以看到这四个报文。")),
    ("scenario/old-duplicate-syn/two-way", "scenario",
     ("Why would a two-way handshake (SYN, then SYN,ACK, then data) go wrong when an old duplicate SYN arrives?",
      "The server would treat the connection as open after the old SYN alone, holding state and accepting data "
      "for a connection the client never asked for.",
      ("The client would receive data twice.", "The server could not choose an ISN.",
       "The old SYN would be dropped by the network anyway."),
      "The receiver of a SYN cannot tell an old one from a new one, so it must ask the sender: the third segment "
      "confirms that the client really sent this SYN (RFC 9293 sections 3.4.1 and 3.5, Figure 8)."),
     ("如果只有两次握手（SYN、SYN,ACK 之后直接传数据），一个旧的重复 SYN 到达时会出什么问题？",
      "服务器仅凭这个旧 SYN 就认为连接已建立，为一个客户端根本没发起的连接保留状态、接收数据。",
      ("客户端会收到两遍数据。", "服务器无法选择初始序号。", "旧 SYN 反正会被网络丢弃。"),
      "收到 SYN 的一方无法分辨它是旧的还是新的，只能向发送方求证：第三次握手确认客户端确实发过这个 SYN"
      "（RFC 9293 第 3.4.1 与 3.5 节，图 8）。")),
    ("scenario/old-duplicate-syn/client-reply", "scenario",
     ("An old duplicate SYN reaches the server, which answers with a SYN,ACK. The client is in SYN-SENT with a "
      "different ISN. What does the client send?",
      "A RST whose seq is the SYN,ACK's ack number, because that ACK acknowledges nothing it sent.",
      ("An ACK, completing the handshake.", "Nothing: it ignores the SYN,ACK.", "Its SYN again."),
      "In SYN-SENT an ACK with SEG.ACK =< ISS or SEG.ACK > SND.NXT is answered with <SEQ=SEG.ACK><CTL=RST> "
      "(RFC 9293 section 3.10.7.3), so the server can accept the RST."),
     ("一个旧的重复 SYN 到达服务器，服务器回了 SYN,ACK。客户端正处于 SYN-SENT，初始序号与之不同。客户端发什么？",
      "RST，其序号等于该 SYN,ACK 的确认号，因为这个 ACK 确认的不是它发过的东西。",
      ("ACK，完成握手。", "什么也不发，忽略这个 SYN,ACK。", "再发一次自己的 SYN。"),
      "在 SYN-SENT 中，若 SEG.ACK =< ISS 或 SEG.ACK > SND.NXT，就回 <SEQ=SEG.ACK><CTL=RST>"
      "（RFC 9293 第 3.10.7.3 节），这样服务器才会接受这个 RST。")),
    ("scenario/old-duplicate-syn/server-after-rst", "scenario",
     ("In the old-duplicate-SYN scenario, the server (which began with a passive OPEN) receives the client's RST "
      "while in SYN-RECEIVED. Where does it go, and what happens when the real SYN arrives?",
      "Back to LISTEN; the real SYN then starts a normal handshake.",
      ("To CLOSED; the real SYN is refused with a RST.", "It stays in SYN-RECEIVED and ignores the real SYN.",
       "To ESTABLISHED, since the real SYN is already on its way."),
      "A RST in SYN-RECEIVED returns a passively opened connection to LISTEN (RFC 9293 Figure 5, note 1, and "
      "section 3.10.7.4)."),
     ("在旧重复 SYN 场景中，服务器（被动打开）在 SYN-RECEIVED 收到客户端的 RST。它去哪里？真正的 SYN 到达后又会怎样？",
      "回到 LISTEN；真正的 SYN 随后开始一次正常的握手。",
      ("进入 CLOSED；真正的 SYN 被 RST 拒绝。",
       "停在 SYN-RECEIVED，忽略真正的 SYN。",
       "进入 ESTABLISHED，因为真正的 SYN 已在路上。"),
      "被动打开的连接在 SYN-RECEIVED 收到 RST 会回到 LISTEN（RFC 9293 图 5 注 1，第 3.10.7.4 节）。")),
    ("scenario/syn-flood/netstat", "scenario",
     ("During a SYN flood, what does `netstat -tan` (or `ss -tan`) show on the server?",
      "Many connections in SYN_RECV (SYN-RECEIVED) from many addresses, next to the LISTEN socket.",
      ("Many connections in TIME_WAIT.", "Many connections in SYN_SENT.", "Many connections in CLOSE_WAIT."),
      "Each spoofed SYN moves a new connection from LISTEN to SYN-RECEIVED and the third ACK never comes "
      "(RFC 9293 section 3.10.7.2; RFC 4987). Linux calls the state SYN_RECV."),
     ("遭受 SYN 洪泛时，服务器上的 `netstat -tan`（或 `ss -tan`）会显示什么？",
      "大量来自不同地址、处于 SYN_RECV（SYN-RECEIVED）的连接，旁边是 LISTEN 套接字。",
      ("大量 TIME_WAIT 连接。", "大量 SYN_SENT 连接。", "大量 CLOSE_WAIT 连接。"),
      "每个伪造的 SYN 都让一个新连接从 LISTEN 进入 SYN-RECEIVED，而第三次握手的 ACK 永远不会到来"
      "（RFC 9293 第 3.10.7.2 节；RFC 4987）。Linux 把这个状态叫 SYN_RECV。")),
    ("scenario/syn-flood/no-ack", "scenario",
     ("Why do the half-open connections of a SYN flood never reach ESTABLISHED?",
      "The SYNs carry spoofed source addresses, so the SYN,ACKs go to hosts that never send the third ACK.",
      ("The server refuses to send SYN,ACK while under attack.", "The attacker answers with RST.",
       "SYN,ACKs are never retransmitted."),
      "Only the ACK of the server's SYN moves SYN-RECEIVED to ESTABLISHED (RFC 9293 section 3.10.7.4). "
      "`tcpquiz simulate syn-flood` shows the SYN,ACKs vanishing and being retransmitted."),
     ("SYN 洪泛造成的半连接为什么永远到不了 ESTABLISHED？",
      "SYN 的源地址是伪造的，SYN,ACK 发往的主机不会回第三次握手的 ACK。",
      ("服务器受攻击时拒绝发送 SYN,ACK。", "攻击者会回 RST。", "SYN,ACK 从不重传。"),
      "只有对服务器 SYN 的确认才能让 SYN-RECEIVED 进入 ESTABLISHED（RFC 9293 第 3.10.7.4 节）。"
      "`tcpquiz simulate syn-flood` 可以看到 SYN,ACK 石沉大海并被重传。")),
    ("scenario/syn-flood/cookies", "scenario",
     ("Which mechanism lets a server keep answering SYNs during a flood without storing a TCB for each?",
      "SYN cookies: the ISN of the SYN,ACK encodes the connection, and state is created only when a valid ACK "
      "comes back.",
      ("A longer TIME-WAIT.", "Not retransmitting SYN,ACKs.", "Answering every SYN with a RST."),
      "RFC 4987 describes SYN cookies and other defences; Linux enables them with net.ipv4.tcp_syncookies."),
     ("哪种机制能让服务器在洪泛期间继续应答 SYN，而不必为每个 SYN 保存 TCB？",
      "SYN cookie：把连接信息编码进 SYN,ACK 的初始序号，只有合法的 ACK 返回时才建立状态。",
      ("延长 TIME-WAIT。", "不再重传 SYN,ACK。", "对每个 SYN 都回 RST。"),
      "RFC 4987 介绍了 SYN cookie 等防御手段；Linux 通过 net.ipv4.tcp_syncookies 启用它。")),
    ("scenario/syn-flood/queue-full", "scenario",
     ("The server's SYN queue is full and it has no SYN cookies. What happens to the next SYN?",
      "It is dropped without an answer; a real client will retransmit its SYN later.",
      ("The oldest half-open connection is reset to make room.", "The server answers with a RST.",
       "It is put straight into ESTABLISHED."),
      "There is no TCB to put it in, so the SYN is silently dropped; that is how a flood denies service. "
      "In `tcpquiz simulate syn-flood` the fifth and sixth SYNs are dropped."),
     ("服务器的 SYN 队列已满，且没有启用 SYN cookie。下一个 SYN 会怎样？",
      "被直接丢弃、不作应答；真正的客户端稍后会重传 SYN。",
      ("最老的半连接被重置以腾出位置。", "服务器回一个 RST。", "它被直接放进 ESTABLISHED。"),
      "没有 TCB 可以容纳它，SYN 被悄悄丢弃，拒绝服务正是这样造成的。"
      "`tcpquiz simulate syn-flood` 中第五、六个 SYN 被丢弃。")),
    ("scenario/half-close/keep-sending", "scenario",
     ("The client has sent its FIN and is in FIN-WAIT-2. Can the server still send it data?",
      "Yes: the FIN closed only the client's direction; the client keeps receiving and ACKing until the server's FIN.",
      ("No: the server must close at once.", "Only urgent data.", "Only after the client opens a new connection."),
      "CLOSE says only that this side will send nothing more; the other direction stays open, a half-closed connection "
      "(RFC 9293 sections 3.6 and 3.6.1). Try `tcpquiz simulate half-close`."),
     ("客户端已发出 FIN，处于 FIN-WAIT-2。服务器还能给它发数据吗？",
      "能：FIN 只关闭了客户端的发送方向；客户端继续接收并确认，直到服务器的 FIN 到来。",
      ("不能，服务器必须立即关闭。", "只能发紧急数据。", "只有客户端新建连接后才能发。"),
      "CLOSE 只表示本端不再发送数据；另一个方向仍然开放，这就是半关闭连接（RFC 9293 第 3.6、3.6.1 节）。"
      "可以运行 `tcpquiz simulate half-close`。")),
    ("scenario/half-close/server-state", "scenario",
     ("While the server keeps sending after the client's FIN, which state is the server in?",
      "CLOSE-WAIT", ("FIN-WAIT-2", "LAST-ACK", "ESTABLISHED"),
      "Receiving the FIN moved the server from ESTABLISHED to CLOSE-WAIT, where SEND is still allowed "
      "(RFC 9293 section 3.10.2); its own CLOSE will take it to LAST-ACK."),
     ("客户端发出 FIN 后服务器仍在发送数据，此时服务器处于哪个状态？",
      "CLOSE-WAIT", ("FIN-WAIT-2", "LAST-ACK", "ESTABLISHED"),
      "收到 FIN 使服务器从 ESTABLISHED 进入 CLOSE-WAIT，在这里仍可 SEND（RFC 9293 第 3.10.2 节）；"
      "它自己调用 CLOSE 后进入 LAST-ACK。")),
    ("scenario/half-close/api", "scenario",
     ("Which socket call closes only the sending direction, so the program can still read the reply?",
      "shutdown(fd, SHUT_WR)", ("close(fd)", "shutdown(fd, SHUT_RD)", "setting SO_LINGER to zero, then close(fd)"),
      "shutdown with SHUT_WR sends the FIN but keeps the socket readable; close() gives up the socket "
      "in both directions, and SO_LINGER zero aborts with a RST."),
     ("哪个套接字调用只关闭发送方向，让程序还能读取对方的响应？",
      "shutdown(fd, SHUT_WR)", ("close(fd)", "shutdown(fd, SHUT_RD)", "把 SO_LINGER 设为 0 后 close(fd)"),
      "shutdown 配合 SHUT_WR 会发出 FIN，但套接字仍可读；"
      "close() 同时放弃两个方向，SO_LINGER 为 0 则用 RST 中止连接。")),
    ("scenario/abort/time-wait", "scenario",
     ("A program on Linux aborts an established connection (close() with SO_LINGER 0), sending a RST. Which side "
      "passes through TIME-WAIT?",
      "Neither: both TCBs are deleted at once.",
      ("Whichever side closed first.", "The side that received the RST.", "Both sides."),
      "ABORT sends RST and deletes the TCB (RFC 9293 section 3.10.5), and so does Linux; a RST that arrives in a "
      "synchronized state deletes the TCB too (section 3.10.7.4). Figure 5's note 3 would allow the sender to "
      "wait in TIME-WAIT; Linux does not. `tcpquiz simulate abort` shows both going straight to CLOSED."),
     ("Linux 上的程序中止一个已建立的连接（SO_LINGER 为 0 时 close()），发出 RST。哪一方会经过 TIME-WAIT？",
      "哪一方都不会：双方的 TCB 都立即删除。", ("先关闭的一方。", "收到 RST 的一方。", "双方都会。"),
      "ABORT 发送 RST 并删除 TCB（RFC 9293 第 3.10.5 节），Linux 也是如此；同步状态下收到 RST 也会删除 TCB"
      "（第 3.10.7.4 节）。图 5 的注 3 允许发送方进入 TIME-WAIT，但 Linux 并不这样做。"
      "`tcpquiz simulate abort` 中双方都直接进入 CLOSED。")),
    ("scenario/abort/so-linger", "scenario",
     ("How does a program make close() send a RST instead of a FIN on Linux?",
      "Set SO_LINGER with l_onoff = 1 and l_linger = 0, then call close().",
      ("Call shutdown(fd, SHUT_RDWR).", "Set SO_REUSEADDR.", "Set TCP_NODELAY."),
      "A zero linger time turns close() into an abort: queued data is discarded, a RST is sent, and the socket "
      "skips TIME-WAIT."),
     ("在 Linux 上，程序怎样让 close() 发送 RST 而不是 FIN？",
      "设置 SO_LINGER，l_onoff = 1 且 l_linger = 0，然后调用 close()。",
      ("调用 shutdown(fd, SHUT_RDWR)。", "设置 SO_REUSEADDR。", "设置 TCP_NODELAY。"),
      "逗留时间为 0 时，close() 变成中止：丢弃排队的数据，发送 RST，套接字不经过 TIME-WAIT。")),
    ("scenario/abort/queued-data", "scenario",
     ("What happens to data still queued for sending when the user calls ABORT?",
      "It is discarded: ABORT flushes every queue and sends only the RST.",
      ("It is sent before the RST.", "It is sent after the RST.", "It waits in the TCB until 2MSL passes."),
      "ABORT empties both the send queue and the retransmission queue; the RST is the only segment that goes out "
      "(RFC 9293 section 3.10.5)."),
     ("用户调用 ABORT 时，仍在排队等待发送的数据会怎样？",
      "被丢弃：ABORT 清空所有队列，只发送 RST。",
      ("在 RST 之前发出。", "在 RST 之后发出。", "留在 TCB 中直到 2MSL 结束。"),
      "待发送或待重传的报文（除了刚形成的 RST）都应被清空（RFC 9293 第 3.10.5 节）。")),
    ("scenario/handshake/third-segment", "scenario",
     ("What does the third segment of the handshake prove to the server?",
      "That the client received the server's SYN: its ACK number is the server's ISN + 1.",
      ("That the client's ISN is random.", "That the server's port is open.", "That the path MTU is large enough."),
      "Each side must both send its ISN and see it acknowledged (RFC 9293 section 3.4.1); the third segment "
      "acknowledges the server's SYN."),
     ("三次握手的第三个报文向服务器证明了什么？",
      "证明客户端收到了服务器的 SYN：它的确认号是服务器初始序号加 1。",
      ("证明客户端的初始序号是随机的。", "证明服务器端口是开放的。", "证明路径 MTU 足够大。"),
      "双方都必须既发出自己的初始序号，又看到它被确认（RFC 9293 第 3.4.1 节）；第三个报文确认的是服务器的 SYN。")),
    ("scenario/handshake/lost-third-ack", "scenario",
     ("The client's third-segment ACK is lost and the client has nothing to send. What repairs the handshake?",
      "The server retransmits its SYN,ACK; the client, already ESTABLISHED, answers it with an ACK.",
      ("The client retransmits its ACK on a timer.", "Nothing: the server stays in SYN-RECEIVED for ever.",
       "The server sends a RST and the client reconnects."),
      "The SYN,ACK is on the server's retransmission queue; in ESTABLISHED a repeated SYN,ACK is answered with an "
      "ACK (RFC 9293 section 3.10.7.4)."),
     ("客户端第三次握手的 ACK 丢了，且客户端没有数据要发。握手靠什么补救？",
      "服务器重传 SYN,ACK；已处于 ESTABLISHED 的客户端回一个 ACK。",
      ("客户端用计时器重传 ACK。", "无法补救，服务器永远停在 SYN-RECEIVED。", "服务器发 RST，客户端重新连接。"),
      "SYN,ACK 在服务器的重传队列中；在 ESTABLISHED 收到重复的 SYN,ACK 时会回 ACK（RFC 9293 第 3.10.7.4 节）。")),
    ("scenario/handshake/lost-syn-ack", "scenario",
     ("The server's SYN,ACK is lost. Who retransmits?",
      "Both: the client retransmits its SYN and the server its SYN,ACK, each on its own timer.",
      ("Only the server.", "Only the client.", "Nobody: the connection attempt fails at once."),
      "The client's SYN is unacknowledged and so is the server's SYN; both sit on retransmission queues "
      "(RFC 9293 section 3.10.8)."),
     ("服务器的 SYN,ACK 丢了。谁来重传？",
      "双方都会：客户端重传 SYN，服务器重传 SYN,ACK，各按自己的计时器。",
      ("只有服务器。", "只有客户端。", "谁都不重传，连接尝试立即失败。"),
      "客户端的 SYN 没被确认，服务器的 SYN 也没被确认，两者都在各自的重传队列中（RFC 9293 第 3.10.8 节）。")),
    ("scenario/simultaneous-open/segments", "scenario",
     ("In a simultaneous open with no losses, how many segments are exchanged before both sides are ESTABLISHED?",
      "Six: two SYNs, two SYN,ACKs and an ACK from each side.",
      ("Four: two SYNs and two SYN,ACKs.", "Three, as in any handshake.", "Two: the SYNs acknowledge each other."),
      "Each side goes SYN-SENT → SYN-RECEIVED and answers the peer's SYN with a SYN,ACK. That SYN,ACK repeats a "
      "SYN already received, so it fails the acceptability test and is answered with an ACK; the ACKs take both "
      "sides to ESTABLISHED (RFC 9293 section 3.10.7.4, RFC 793 Figure 8; Linux does the same). Try "
      "`tcpquiz simulate simultaneous-open`."),
     ("没有丢包的同时打开中，双方都进入 ESTABLISHED 之前一共交换了几个报文？",
      "六个：两个 SYN、两个 SYN,ACK，以及双方各一个 ACK。",
      ("四个：两个 SYN 和两个 SYN,ACK。",
       "三个，和普通握手一样。",
       "两个：两个 SYN 互相确认。"),
      "每一方都从 SYN-SENT 进入 SYN-RECEIVED，并用 SYN,ACK 回应对端的 SYN。这个 SYN,ACK 重复了已收到的 SYN，"
      "通不过可接受性检查，于是被回以一个 ACK；正是这两个 ACK 把双方带入 ESTABLISHED"
      "（RFC 9293 第 3.10.7.4 节，RFC 793 图 8；Linux 亦然）。可以运行 `tcpquiz simulate simultaneous-open`。")),
    ("scenario/refused/closed-port", "scenario",
     ("A client's SYN reaches a host where nothing listens on that port. What comes back, and where does the "
      "client go?",
      "A RST,ACK; the client goes from SYN-SENT to CLOSED (connection refused).",
      ("Nothing; the client retransmits until it gives up.", "A SYN,ACK, then a RST.",
       "An ICMP message only; the client stays in SYN-SENT."),
      "At CLOSED a SYN is answered with <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (RFC 9293 section 3.10.7.1); "
      "in SYN-SENT a RST that acknowledges the SYN closes the connection (section 3.10.7.3)."),
     ("客户端的 SYN 到达一台主机，但该端口上没有程序监听。会收到什么？客户端进入哪个状态？",
      "收到 RST,ACK；客户端从 SYN-SENT 进入 CLOSED（连接被拒绝）。",
      ("什么也收不到，客户端一直重传直到放弃。",
       "先收到 SYN,ACK，再收到 RST。",
       "只收到 ICMP 消息，客户端停在 SYN-SENT。"),
      "CLOSED 状态对 SYN 回 <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>（RFC 9293 第 3.10.7.1 节）；"
      "SYN-SENT 收到确认了 SYN 的 RST 就关闭连接（第 3.10.7.3 节）。")),
)

# Linux's behaviour at the edges; tests/engine/test_kernel.py shows each on the running kernel.
LINUX: tuple[Entry, ...] = (
    ("scenario/accept-queue/final-ack", "scenario",
     ("A Linux server's program has stopped calling accept() and its accept queue is full. A client's final "
      "handshake ACK arrives, with net.ipv4.tcp_abort_on_overflow at its default, 0. What happens?",
      "The ACK is dropped without an answer and counted in ListenOverflows; the client believes it is connected, "
      "while the server keeps the connection in SYN-RECEIVED and retransmits its SYN,ACK.",
      ("The connection joins the accept queue anyway, which grows past its limit.",
       "The server resets the oldest queued connection to make room.",
       "The server answers with a RST, whatever the setting."),
      "Linux adds a connection to the accept queue only when there is room; otherwise the ACK that completes the "
      "handshake is dropped (tcp_abort_on_overflow = 1 would reset instead), as `nstat`'s ListenOverflows counts "
      "(Linux Documentation/networking/ip-sysctl.rst, tcp_abort_on_overflow). Try `tcpquiz simulate "
      "accept-queue-full`."),
     ("Linux 服务器的程序不再调用 accept()，其 accept 队列已满。客户端第三次握手的 ACK 到达，"
      "net.ipv4.tcp_abort_on_overflow 为默认值 0。会发生什么？",
      "这个 ACK 被丢弃、不作应答，并计入 ListenOverflows；客户端以为连接已建立，服务器却让连接停在 SYN-RECEIVED "
      "并重传 SYN,ACK。",
      ("连接照样进入 accept 队列，队列超出上限。",
       "服务器重置队列中最老的连接来腾出位置。",
       "无论设置如何，服务器都回一个 RST。"),
      "只有 accept 队列有空位时，Linux 才把连接放进去；否则完成握手的 ACK 被丢弃（tcp_abort_on_overflow = 1 "
      "时改为重置），`nstat` 的 ListenOverflows 会计数（Linux Documentation/networking/ip-sysctl.rst，"
      "tcp_abort_on_overflow）。可以运行 `tcpquiz simulate accept-queue-full`。")),
    ("scenario/accept-queue/syn", "scenario",
     ("While a Linux listener's accept queue is full, a new SYN arrives. What does the kernel do with it?",
      "Drops it without an answer and counts it in ListenOverflows; the client will retransmit its SYN.",
      ("Answers with a SYN,ACK whose ISN is a SYN cookie.", "Answers with a RST.",
       "Keeps it in the SYN queue until the accept queue has room."),
      "While the accept queue is full the kernel drops new SYNs, SYN cookies or not, so a slow program shows "
      "up as SYNs that go unanswered (Linux net/ipv4/tcp_input.c, tcp_conn_request)."),
     ("Linux 监听套接字的 accept 队列已满时，来了一个新的 SYN。内核怎么处理？",
      "直接丢弃、不作应答，并计入 ListenOverflows；客户端稍后会重传 SYN。",
      ("回一个以 SYN cookie 为初始序号的 SYN,ACK。", "回一个 RST。", "把它留在 SYN 队列里，等 accept 队列有空位。"),
      "accept 队列满时，无论是否启用 SYN cookie，内核都丢弃新的 SYN，所以程序处理太慢表现为 SYN 得不到应答"
      "（Linux net/ipv4/tcp_input.c，tcp_conn_request）。")),
    ("scenario/syn-backlog/bound", "scenario",
     ("On a current Linux kernel with SYN cookies on (the default), what bounds the number of half-open "
      "connections a listener keeps?",
      "Its listen() backlog (capped by net.core.somaxconn); SYNs beyond it are answered with SYN cookies, keeping "
      "no state.",
      ("net.ipv4.tcp_max_syn_backlog.", "Nothing: the queue grows until memory runs out.",
       "The number of free ephemeral ports."),
      "The SYN queue is full when it holds as many requests as the listen backlog; tcp_max_syn_backlog matters "
      "only without SYN cookies (Linux Documentation/networking/ip-sysctl.rst, tcp_max_syn_backlog)."),
     ("在当前的 Linux 内核上，SYN cookie 开启（默认）时，监听套接字最多保留多少半连接由什么决定？",
      "由 listen() 的 backlog 决定（上限为 net.core.somaxconn）；超出的 SYN 用 SYN cookie 应答，不保存状态。",
      ("net.ipv4.tcp_max_syn_backlog。", "没有上限，直到内存耗尽。", "空闲的临时端口数。"),
      "SYN 队列中的请求数达到 listen 的 backlog 即为满；tcp_max_syn_backlog 只在没有 SYN cookie 时起作用"
      "（Linux Documentation/networking/ip-sysctl.rst，tcp_max_syn_backlog）。")),
    ("scenario/close-unread/rst", "scenario",
     ("A program on Linux calls close() while data it received is still unread. What does the kernel send?",
      "A RST instead of a FIN, to show that data was lost; neither side passes through TIME-WAIT.",
      ("A FIN, after quietly discarding the data.", "A FIN; the data stays readable after close().",
       "Nothing until the data has been read."),
      "RFC 9293 section 3.6.1 (SHLD-3): a CLOSE with received data still pending should send a RST to show that "
      "data was lost. Linux does. Try `tcpquiz simulate close-unread`."),
     ("Linux 上的程序在收到的数据还没读完时调用 close()。内核发送什么？",
      "发送 RST 而不是 FIN，表明有数据丢失；双方都不经过 TIME-WAIT。",
      ("先悄悄丢掉数据，再发 FIN。", "发 FIN；close() 之后数据仍可读取。", "什么也不发，直到数据被读走。"),
      "RFC 9293 第 3.6.1 节（SHLD-3）：收到的数据还未读取就 CLOSE，应发送 RST 表明数据丢失。Linux 正是如此。"
      "可以运行 `tcpquiz simulate close-unread`。")),
    ("scenario/time-wait/new-syn", "scenario",
     ("A server's connection waits in TIME-WAIT. A SYN for the same pair of ports arrives whose sequence number is "
      "above the old connection's RCV.NXT (no timestamps). What does Linux do?",
      "Accepts it as a new connection straight from TIME-WAIT and answers SYN,ACK, with an ISN above the old "
      "connection's numbers.",
      ("Answers with a RST and stays in TIME-WAIT.", "Drops it silently until 2MSL has passed.",
       "Answers with a challenge ACK, the only reply RFC 9293 allows."),
      "RFC 9293 section 3.6.1 (MAY-2) lets TIME-WAIT accept a SYN shown to be new, and RFC 6191 says how: a newer "
      "timestamp, or without timestamps a sequence number above the old RCV.NXT. Otherwise the SYN gets an ACK. "
      "Try `tcpquiz simulate time-wait-new-syn`."),
     ("服务器的一个连接在 TIME-WAIT 中等待。同一对端口来了一个 SYN，其序号大于旧连接的 RCV.NXT（没有时间戳）。"
      "Linux 怎么做？",
      "直接在 TIME-WAIT 中把它当作新连接接受，回 SYN,ACK，新的初始序号大于旧连接用过的序号。",
      ("回 RST，仍留在 TIME-WAIT。", "悄悄丢弃，直到 2MSL 结束。", "回挑战 ACK，这是 RFC 9293 唯一允许的回应。"),
      "RFC 9293 第 3.6.1 节（MAY-2）允许 TIME-WAIT 接受可证明是新连接的 SYN，RFC 6191 给出判断方法：时间戳更新，"
      "或没有时间戳时序号大于旧的 RCV.NXT。否则对该 SYN 回 ACK。可以运行 `tcpquiz simulate time-wait-new-syn`。")),
    ("scenario/time-wait/older-timestamp", "scenario",
     ("A Linux server's connection waits in TIME-WAIT; the old connection used TCP timestamps. A SYN for the same "
      "pair of ports arrives whose sequence number is far above the old RCV.NXT, but whose timestamp is older than the "
      "last one the old connection received. What does Linux do?",
      "Answers with an ACK and stays in TIME-WAIT: with timestamps in use, an older one marks an old duplicate.",
      ("Accepts it as a new connection, since its sequence number is above the old RCV.NXT.",
       "Answers with a RST and deletes the TIME-WAIT connection.",
       "Ends TIME-WAIT at once and goes to CLOSED without answering."),
      "When the old connection used timestamps, the timestamp decides (RFC 6191 section 2; PAWS, RFC 7323 section 5): "
      "an older one is refused whatever the sequence number, and RFC 9293 section 3.10.7.4 answers a SYN that is not "
      "accepted with an ACK. Linux's tcp_timewait_state_process (net/ipv4/tcp_minisocks.c) does so; RFC 6191 itself "
      "would drop the SYN silently."),
     ("Linux 服务器的一个连接在 TIME-WAIT 中等待，旧连接使用了 TCP 时间戳。同一对端口来了一个 SYN，其序号远大于旧连接的 "
      "RCV.NXT，但时间戳比旧连接收到的最后一个更旧。Linux 怎么做？",
      "回一个 ACK，仍留在 TIME-WAIT：使用时间戳时，更旧的时间戳表明这是旧的重复报文。",
      ("把它当作新连接接受，因为其序号大于旧连接的 RCV.NXT。",
       "回 RST，并删除这个 TIME-WAIT 连接。",
       "立即结束 TIME-WAIT、进入 CLOSED，不作应答。"),
      "旧连接使用了时间戳时，由时间戳决定（RFC 6191 第 2 节；PAWS，RFC 7323 第 5 节）：时间戳更旧就被拒绝，"
      "不管序号如何；RFC 9293 第 3.10.7.4 节对不被接受的 SYN 回 ACK。Linux 的 tcp_timewait_state_process"
      "（net/ipv4/tcp_minisocks.c）正是如此；RFC 6191 本身则会悄悄丢弃该 SYN。")),
    ("scenario/time-wait/newer-timestamp", "scenario",
     ("A Linux server's connection waits in TIME-WAIT; the old connection used TCP timestamps. A SYN for the same "
      "pair of ports arrives whose sequence number is below the old RCV.NXT, but whose timestamp is newer than the "
      "last one the old connection received. What does Linux do?",
      "Accepts it as a new connection straight from TIME-WAIT and answers SYN,ACK: the newer timestamp shows it is new.",
      ("Answers with an ACK and stays in TIME-WAIT, since its sequence number is not above the old RCV.NXT.",
       "Answers with a RST and stays in TIME-WAIT.",
       "Drops it silently until 2MSL has passed."),
      "RFC 6191 section 2 accepts a SYN whose timestamp is newer than the last one seen, whatever its sequence number; "
      "RFC 9293 section 3.10.7.4 points to it for TIME-WAIT. Linux's tcp_timewait_state_process accepts it so."),
     ("Linux 服务器的一个连接在 TIME-WAIT 中等待，旧连接使用了 TCP 时间戳。同一对端口来了一个 SYN，其序号小于旧连接的 "
      "RCV.NXT，但时间戳比旧连接收到的最后一个更新。Linux 怎么做？",
      "直接在 TIME-WAIT 中把它当作新连接接受，回 SYN,ACK：更新的时间戳证明它是新的。",
      ("回一个 ACK，仍留在 TIME-WAIT，因为其序号不大于旧连接的 RCV.NXT。",
       "回 RST，仍留在 TIME-WAIT。",
       "悄悄丢弃，直到 2MSL 结束。"),
      "RFC 6191 第 2 节接受时间戳比最后见到的更新的 SYN，不管其序号如何；RFC 9293 第 3.10.7.4 节在 TIME-WAIT 中引用了它。"
      "Linux 的 tcp_timewait_state_process 正是这样接受的。")),
    ("scenario/accept-queue/abort-on-overflow", "scenario",
     ("A Linux listener's accept queue is full and net.ipv4.tcp_abort_on_overflow is 1. A client's final handshake ACK "
      "arrives. What happens?",
      "The server answers it with RST <SEQ=SEG.ACK> and forgets the half-open connection; the listener keeps "
      "listening and the client learns at once that it was refused.",
      ("The ACK is dropped; the server keeps the connection in SYN-RECEIVED and retransmits its SYN,ACK.",
       "The connection joins the accept queue anyway.",
       "The server sends its SYN,ACK again at once."),
      "With tcp_abort_on_overflow = 1, tcp_check_req (net/ipv4/tcp_minisocks.c) resets a connection that cannot join "
      "the full accept queue instead of dropping the ACK (Linux Documentation/networking/ip-sysctl.rst, "
      "tcp_abort_on_overflow). The reset takes its sequence number from the ACK, as for any segment with ACK."),
     ("Linux 监听套接字的 accept 队列已满，且 net.ipv4.tcp_abort_on_overflow 为 1。客户端第三次握手的 ACK 到达。会发生什么？",
      "服务器以 RST <SEQ=SEG.ACK> 回应，并丢掉这个半连接；监听套接字照常监听，客户端立即得知连接被拒绝。",
      ("这个 ACK 被丢弃；服务器让连接停在 SYN-RECEIVED 并重传 SYN,ACK。",
       "连接照样进入 accept 队列。",
       "服务器立即再发一次 SYN,ACK。"),
      "tcp_abort_on_overflow = 1 时，tcp_check_req（net/ipv4/tcp_minisocks.c）对无法进入已满 accept 队列的连接发 RST，"
      "而不是丢弃 ACK（Linux Documentation/networking/ip-sysctl.rst，tcp_abort_on_overflow）。"
      "和对任何带 ACK 的报文一样，这个 RST 的序号取自该 ACK。")),
)

TIMER: tuple[Entry, ...] = (
    ("timer/time-wait/who", "timer",
     ("After a normal close, which side waits in TIME-WAIT?",
      "The side that closed first: it sent the first FIN.",
      ("The side that closed last.", "Always the server.", "Both sides."),
      "The active closer goes FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT; the passive closer goes CLOSE-WAIT → LAST-ACK "
      "→ CLOSED without waiting (RFC 9293 section 3.3.2)."),
     ("正常关闭后，哪一方在 TIME-WAIT 等待？",
      "先关闭的一方，即发出第一个 FIN 的一方。", ("后关闭的一方。", "总是服务器。", "双方都等。"),
      "主动关闭方经过 FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT；被动关闭方经过 CLOSE-WAIT → LAST-ACK → CLOSED，不必等待"
      "（RFC 9293 第 3.3.2 节）。")),
    ("timer/time-wait/why", "timer",
     ("Why does the active closer wait in TIME-WAIT instead of deleting its TCB at once?",
      "To ACK the peer's FIN again if the last ACK is lost, and to let stray segments of this connection die out "
      "before the same pair of ports is used again.",
      ("To wait for the peer's remaining data.", "To retransmit its own FIN.",
       "To keep the port reserved for the same application."),
      "RFC 9293 section 3.3.2 gives TIME-WAIT exactly these two jobs: make sure the peer got the ACK of its FIN, "
      "and keep delayed segments from being taken for part of a later connection."),
     ("主动关闭方为什么要在 TIME-WAIT 等待，而不是立即删除 TCB？",
      "为了在最后的 ACK 丢失时能再次确认对端的 FIN，并让本连接残留在网络中的报文消失，之后同一对端口才能再用。",
      ("为了等对端剩下的数据。", "为了重传自己的 FIN。", "为了给同一个应用保留端口。"),
      "TIME-WAIT 表示等待足够长的时间，以确保对端收到了对其关闭请求的确认，并避免新连接受到延迟报文的影响"
      "（RFC 9293 第 3.3.2 节）。")),
    ("timer/time-wait/two-msl", "timer",
     ("Why is the TIME-WAIT timer twice the MSL rather than one MSL?",
      "The last ACK may need up to one MSL to arrive or die, and a retransmitted FIN sent in reply up to another "
      "MSL; after 2MSL no segment of the connection can remain.",
      ("Because both sides wait one MSL each.",
       "Because the RTO doubles once.",
       "Because the last ACK is retransmitted once."),
      "MSL bounds how long a segment can live in the network; the exchange it guards (ACK out, FIN back) crosses "
      "the network twice (RFC 9293 sections 3.3.2 and 3.4.2)."),
     ("为什么 TIME-WAIT 计时器是 MSL 的两倍，而不是一个 MSL？",
      "最后的 ACK 到达或消失最多要一个 MSL，"
      "对端因此重传的 FIN 回来最多还要一个 MSL；过了 2MSL，本连接的报文不可能还在网络中。",
      ("因为双方各等一个 MSL。", "因为 RTO 翻倍了一次。", "因为最后的 ACK 要重传一次。"),
      "MSL 限定了报文在网络中能存活多久；TIME-WAIT 守护的这次交换（ACK 出去、FIN 回来）要穿越网络两次"
      "（RFC 9293 第 3.3.2、3.4.2 节）。")),
    ("timer/time-wait/rfc-length", "timer",
     ("How long does TIME-WAIT last with the MSL RFC 9293 assumes?",
      "4 minutes: 2 × MSL with an MSL of 2 minutes.", ("2 minutes.", "60 seconds.", "30 seconds."),
      "RFC 9293 takes the MSL to be 2 minutes (section 3.4.2), and an actively closed connection lingers for "
      "2 × MSL (section 3.6.1)."),
     ("按 RFC 9293 假定的 MSL，TIME-WAIT 持续多久？",
      "4 分钟：2 × MSL，MSL 取 2 分钟。", ("2 分钟。", "60 秒。", "30 秒。"),
      "RFC 9293 第 3.4.2 节规定 MSL 取 2 分钟，连接要在 TIME-WAIT 停留 2 × MSL（第 3.6.1 节）。")),
    ("timer/time-wait/linux", "timer",
     ("How long does Linux keep a socket in TIME_WAIT?",
      "A fixed 60 seconds (TCP_TIMEWAIT_LEN), whatever the MSL.",
      ("4 minutes, as RFC 9293 says.", "Twice net.ipv4.tcp_fin_timeout.", "One retransmission timeout."),
      "Linux hard-codes TCP_TIMEWAIT_LEN as 60 s; net.ipv4.tcp_fin_timeout governs orphaned FIN-WAIT-2 sockets, "
      "not TIME_WAIT."),
     ("Linux 让套接字在 TIME_WAIT 停留多久？",
      "固定 60 秒（TCP_TIMEWAIT_LEN），与 MSL 无关。",
      ("4 分钟，与 RFC 9293 一致。", "net.ipv4.tcp_fin_timeout 的两倍。", "一个重传超时时间。"),
      "Linux 把 TCP_TIMEWAIT_LEN 写死为 60 秒；"
      "net.ipv4.tcp_fin_timeout 管的是孤儿 FIN-WAIT-2 套接字，而不是 TIME_WAIT。")),
    ("timer/time-wait/restart", "timer",
     ("A host in TIME-WAIT receives a retransmitted FIN. What happens to its 2MSL timer?",
      "It ACKs the FIN and restarts the timer from the full 2MSL.",
      ("The timer keeps running unchanged.", "The timer stops and the TCB is deleted at once.",
       "The timer doubles."),
      "A FIN arriving in TIME-WAIT leaves the state unchanged, is acknowledged, and starts the 2MSL wait over "
      "(RFC 9293 section 3.10.7.4)."),
     ("处于 TIME-WAIT 的主机收到重传的 FIN。它的 2MSL 计时器会怎样？",
      "回 ACK，并把计时器重新设为完整的 2MSL。",
      ("计时器照常运行，不受影响。",
       "计时器停止，立即删除 TCB。",
       "计时器时长翻倍。"),
      "保持在 TIME-WAIT，并重新开始 2MSL 计时（RFC 9293 第 3.10.7.4 节）。")),
    ("timer/time-wait/half-msl", "timer",
     ("If the MSL were 30 seconds, how long would TIME-WAIT last?",
      "60 seconds.", ("30 seconds.", "120 seconds.", "4 minutes."),
      "TIME-WAIT lasts 2 × MSL whatever the MSL is (RFC 9293 section 3.6.1)."),
     ("如果 MSL 是 30 秒，TIME-WAIT 持续多久？",
      "60 秒。", ("30 秒。", "120 秒。", "4 分钟。"),
      "无论 MSL 取多少，TIME-WAIT 都持续 2 × MSL（RFC 9293 第 3.6.1 节）。")),
    ("timer/last-ack/no-2msl", "timer",
     ("Does the passive closer, in LAST-ACK, start a 2MSL timer?",
      "No: it deletes its TCB when the ACK of its FIN arrives; only its retransmission timer runs meanwhile.",
      ("Yes, after the ACK of its FIN arrives.",
       "Yes, as soon as it sends its FIN.",
       "Only if its FIN was retransmitted."),
      "LAST-ACK goes to CLOSED on the ACK of its FIN (RFC 9293 section 3.10.7.4); only TIME-WAIT has the 2MSL timer "
      "(section 3.10.8)."),
     ("被动关闭方在 LAST-ACK 中会启动 2MSL 计时器吗？",
      "不会：收到对其 FIN 的确认就删除 TCB；在此期间只有重传计时器在运行。",
      ("会，在收到 FIN 的确认之后。", "会，一发出 FIN 就启动。", "只有 FIN 被重传过才会。"),
      "LAST-ACK 收到对本端 FIN 的确认即进入 CLOSED（RFC 9293 第 3.10.7.4 节）；"
      "只有 TIME-WAIT 才有 2MSL 计时器（第 3.10.8 节）。")),
    ("timer/fin-wait-2/linux", "timer",
     ("RFC 9293 gives FIN-WAIT-2 no timer. What does Linux do with a closed (orphaned) socket stuck in FIN_WAIT2?",
      "It gives up after net.ipv4.tcp_fin_timeout, 60 seconds by default.",
      ("It keeps it until the peer's FIN arrives, however long.", "It moves it to TIME_WAIT at once.",
       "It sends a RST after 2MSL."),
      "Without a timer a vanished peer would leave the socket in FIN-WAIT-2 for ever; Linux bounds the wait for "
      "sockets no program holds any more."),
     ("RFC 9293 没有给 FIN-WAIT-2 设计时器。Linux 如何处理卡在 FIN_WAIT2 的已关闭（孤儿）套接字？",
      "在 net.ipv4.tcp_fin_timeout（默认 60 秒）之后放弃。",
      ("一直保留，直到对端的 FIN 到来。", "立即转入 TIME_WAIT。", "2MSL 后发送 RST。"),
      "如果没有计时器，对端消失后套接字会永远停在 FIN-WAIT-2；Linux 为不再被程序持有的套接字限定了等待时间。")),
    ("timer/rto/initial", "timer",
     ("What initial retransmission timeout does RFC 6298 recommend before any RTT has been measured?",
      "1 second.", ("200 milliseconds.", "3 seconds.", "2 × MSL."),
      "RFC 6298 section 2.1 sets the initial RTO to 1 second (it was 3 seconds before); the simulator uses it."),
     ("在还没有测得 RTT 时，RFC 6298 建议的初始重传超时是多少？",
      "1 秒。", ("200 毫秒。", "3 秒。", "2 × MSL。"),
      "RFC 6298 第 2.1 节把初始 RTO 定为 1 秒（以前是 3 秒）；本模拟器即采用此值。")),
    ("timer/rto/backoff", "timer",
     ("Each time the retransmission timer expires again for the same segment, what happens to the RTO?",
      "It doubles (exponential backoff).", ("It stays the same.", "It grows by one second.", "It halves."),
      "RFC 6298 section 5.5 doubles the RTO on every expiry; RFC 9293 section 3.8.2 requires exponential backoff."),
     ("同一个报文的重传计时器再次到期时，RTO 会怎样？",
      "翻倍（指数退避）。", ("保持不变。", "增加一秒。", "减半。"),
      "RFC 6298 第 5.5 节规定每次到期 RTO 翻倍；RFC 9293 第 3.8.2 节要求指数退避。")),
    ("timer/syn/give-up", "timer",
     ("For at least how long must TCP keep retransmitting a SYN before giving up, per RFC 9293?",
      "3 minutes.", ("2 × MSL.", "1 second.", "75 seconds."),
      "RFC 9293 section 3.8.3 (MUST-23) requires the give-up threshold R2 for a SYN to allow at least 3 minutes "
      "of retransmissions."),
     ("按 RFC 9293，TCP 至少要重传 SYN 多长时间才能放弃？",
      "3 分钟。", ("2 × MSL。", "1 秒。", "75 秒。"),
      "RFC 9293 第 3.8.3 节（MUST-23）要求 SYN 的 R2 足够大，保证至少重传 3 分钟。")),
    ("timer/time-wait/busy-server", "timer",
     ("A busy server closes its connections first. Which state piles up on the server?",
      "TIME-WAIT", ("CLOSE-WAIT", "FIN-WAIT-2", "LAST-ACK"),
      "Whoever closes first waits 2MSL in TIME-WAIT, so a server that closes first collects TIME-WAIT "
      "connections; letting clients close first moves them to the clients."),
     ("繁忙的服务器总是先关闭连接。服务器上会堆积哪个状态？",
      "TIME-WAIT", ("CLOSE-WAIT", "FIN-WAIT-2", "LAST-ACK"),
      "先关闭的一方要在 TIME-WAIT 等 2MSL，"
      "所以先关闭的服务器会积累 TIME-WAIT 连接；让客户端先关闭，这些连接就留在客户端。")),
    ("timer/close-wait/pileup", "timer",
     ("Many connections sit in CLOSE_WAIT on a server for hours. What is the usual cause?",
      "The application never calls close() after the peer closed: no protocol timer moves CLOSE-WAIT on.",
      ("The network loses the final ACKs.", "The 2MSL timer is too long.", "The peer keeps retransmitting its FIN."),
      "CLOSE-WAIT waits for the local user's CLOSE (RFC 9293 section 3.3.2); no timer of the state machine leaves "
      "it. Only a RST from the peer, or keepalive or TCP_USER_TIMEOUT finding the peer gone, ends it otherwise."),
     ("服务器上有大量连接停在 CLOSE_WAIT 好几个小时。通常是什么原因？",
      "应用在对端关闭后一直没有调用 close()：状态机中没有计时器能让 CLOSE-WAIT 前进。",
      ("网络丢失了最后的 ACK。", "2MSL 计时器太长。", "对端不停重传 FIN。"),
      "CLOSE-WAIT 等的是本端用户的 CLOSE（RFC 9293 第 3.3.2 节）；状态机中没有让它离开的计时器。"
      "除此之外，只有对端的 RST，或 keepalive、TCP_USER_TIMEOUT 发现对端已不在，才会结束它。")),
)
