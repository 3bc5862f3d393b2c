"""For every rule of tcpquiz.facts: a wrong statement it must flag, the right statement,
and a nearby correct sentence that shares its words, in Chinese and in English.

The right values are the RFC's and Linux's (see each rule's source), worked out by hand;
none of them is produced by the checker.
"""

from __future__ import annotations

EXAMPLES: dict[str, dict[str, tuple[str, str, str]]] = {
    "keepalive-on-by-default": {
        "zh": ("TCP 的保活机制默认开启。", "TCP 的保活机制默认关闭，要用 SO_KEEPALIVE 打开。", "开启保活后，默认空闲 2 小时才发第一个探测。"),
        "en": ("TCP keepalive is enabled by default.", "TCP keepalive is off by default; enable it with SO_KEEPALIVE.",
               "Once keepalive is enabled, the default idle time is two hours."),
    },
    "keepalive-75-minutes": {
        "zh": ("空闲 2 小时后发送探测报文段，每 75 分钟发送一次。", "空闲 2 小时后发送探测报文段，每 75 秒发送一次。",
               "探测报文段最多发 10 个，合计约 75 分钟内仍无回应就放弃？不，是 10 × 75 秒，约 12.5 分钟。"),
        "en": ("After two hours idle a keepalive probe is sent every 75 minutes.",
               "After two hours idle a keepalive probe is sent every 75 seconds.",
               "The 75 minutes of the meeting were spent on keepalive probes."),
    },
    "syn-consumes-no-sequence-number": {
        "zh": ("SYN 报文段不消耗序号。", "SYN 报文段不携带数据，但要消耗一个序号。", "SYN-SENT 状态下不消耗新的序号。"),
        "en": ("A SYN does not consume a sequence number.", "A SYN consumes one sequence number even without data.",
               "A pure ACK does not consume a sequence number, unlike a SYN."),
    },
    "fin-consumes-no-sequence-number": {
        "zh": ("FIN 报文段不占用序号。", "FIN 报文段即使不带数据也要占用一个序号。", "FIN-WAIT-2 状态不占用新的序号。"),
        "en": ("A FIN doesn't consume a sequence number.", "A FIN consumes one sequence number.",
               "In FIN-WAIT-2 the side doesn't consume sequence numbers."),
    },
    "pure-ack-consumes-sequence-number": {
        "zh": ("纯 ACK 也要消耗一个序号。", "纯 ACK 不消耗序号。", "SYN 也要消耗一个序号。"),
        "en": ("A pure ACK consumes one sequence number.", "A pure ACK consumes no sequence number.",
               "A SYN consumes one sequence number."),
    },
    "ack-is-seq-plus-one": {
        "zh": ("确认号的计算方法：ack = seq + 1。", "确认号 = 对方序号 + 对方数据长度。", "对 SYN 的确认号是 ack = seq + 1。"),
        "en": ("The acknowledgment number is always seq + 1.", "The acknowledgment number is seq plus the data length.",
               "For a SYN the ack is seq + 1 because the SYN takes one number."),
    },
    "isn-is-zero-or-one": {
        "zh": ("客户端发 SYN，序号为 seq=x（x通常为1）。", "客户端发 SYN，序号为 seq=x，x 由时钟和带密钥的哈希算出。",
               "抓包工具里 ISN 通常显示为 0，那是相对序号。"),
        "en": ("The ISN is usually 0.", "The ISN comes from a clock plus a keyed hash of the four-tuple.",
               "Wireshark shows the ISN as 0, a relative number."),
    },
    "sequence-numbers-count-segments": {
        "zh": ("序号是对每个报文段的编号。", "序号是对每个字节的编号。", "确认号是对每个报文段的确认，序号给字节编号。"),
        "en": ("Sequence numbers number each segment.", "Sequence numbers number each byte of the stream.",
               "Sequence numbers identify bytes, and each segment carries the number of its first byte."),
    },
    "syn-cannot-carry-data": {
        "zh": ("SYN 报文段不能携带数据。", "SYN 报文段可以携带数据，由接收方暂存到连接建立。", "SYN-RECEIVED 状态下还不能携带数据交给应用。"),
        "en": ("A SYN segment cannot carry data.", "A SYN segment may carry data, held until the connection is established.",
               "In SYN-SENT the client can carry on waiting."),
    },
    "third-segment-cannot-carry-data": {
        "zh": ("第三次握手不能携带数据。", "第三次握手可以携带数据。", "第一次握手的 SYN 通常不携带数据。"),
        "en": ("The third segment of the handshake cannot carry data.", "The third segment of the handshake may carry data.",
               "The first segment of the handshake normally carries no data."),
    },
    "first-syn-has-ack": {
        "zh": ("第一次握手：SYN=1，ACK=1，seq=x。", "第一次握手：SYN=1，ACK=0，seq=x。", "第二次握手：SYN=1，ACK=1，ack=x+1。"),
        "en": ("The first segment of the handshake has SYN=1 and ACK=1.", "The first segment of the handshake has SYN=1 and ACK=0.",
               "The second segment of the handshake has SYN=1 and ACK=1."),
    },
    "simultaneous-open-four-segments": {
        "zh": ("同时打开时双方一共只交换 4 个报文段。", "同时打开时双方一共交换六个报文段。",
               "同时打开之后，关闭时两个方向分别关闭，一共四个报文段。"),
        "en": ("A simultaneous open exchanges four segments in all.", "A simultaneous open exchanges six segments in all.",
               "A normal open takes three segments and a simultaneous open takes more."),
    },
    "accept-does-the-handshake": {
        "zh": ("服务器调用 accept() 完成三次握手。", "三次握手由内核完成，accept() 只取走已建立的连接。",
               "accept() 返回的连接已经完成了三次握手。"),
        "en": ("The server's accept() performs the three-way handshake.", "The kernel completes the handshake before accept() returns.",
               "accept() returns a connection whose handshake has completed."),
    },
    "fin-receiver-cannot-send": {
        "zh": ("收到 FIN 后就不能再发送数据了。", "收到 FIN 后仍可以继续发送数据，直到自己发出 FIN。", "发出 FIN 后就不能再发送数据了。"),
        "en": ("After receiving a FIN, the server cannot send any more data.",
               "After receiving a FIN, the server may still send data until it sends its own FIN.",
               "After sending a FIN, a side cannot send any more data."),
    },
    "fin-sender-cannot-receive": {
        "zh": ("发送 FIN 之后就不能再接收数据。", "发送 FIN 之后仍能接收数据。", "发送 FIN 之后就不能再发送数据。"),
        "en": ("After sending a FIN, the client cannot receive any data.", "After sending a FIN, the client still receives data.",
               "After sending a FIN, the client cannot send any more data."),
    },
    "close-always-four-segments": {
        "zh": ("关闭连接一定要四次挥手。", "关闭连接通常是四次挥手，ACK 和 FIN 合并时只要三个报文段。", "建立连接一定要三次握手。"),
        "en": ("Closing a connection always takes four segments.", "Closing usually takes four segments, three when ACK and FIN merge.",
               "Opening a connection always takes three segments."),
    },
    "rst-is-acknowledged": {
        "zh": ("收到 RST 后需要回复 ACK 确认。", "RST 从不被确认，收到有效的 RST 就中止连接。", "收到 FIN 后需要回复 ACK 确认。"),
        "en": ("An RST must be acknowledged by the receiver.", "An RST is never acknowledged.", "A FIN must be acknowledged by the receiver."),
    },
    "rst-leads-to-time-wait": {
        "zh": ("发送 RST 之后进入 TIME_WAIT 状态。", "发送 RST 之后直接进入 CLOSED。", "发送最后的 ACK 之后进入 TIME_WAIT 状态。"),
        "en": ("After sending an RST the side enters TIME-WAIT.", "After sending an RST the side goes straight to CLOSED.",
               "After sending the final ACK the side enters TIME-WAIT."),
    },
    "only-the-client-closes": {
        "zh": ("只有客户端才能主动关闭连接。", "客户端和服务器都可以主动关闭连接。", "只有客户端才能主动发起连接。"),
        "en": ("Only the client can close the connection.", "Either side can close the connection.",
               "Only the client can initiate the connection."),
    },
    "time-wait-on-passive-closer": {
        "zh": ("被动关闭方最后会进入 TIME_WAIT。", "主动关闭方最后会进入 TIME_WAIT。", "被动关闭方最后进入 LAST_ACK。"),
        "en": ("The passive closer enters TIME-WAIT.", "The active closer enters TIME-WAIT.", "The passive closer enters LAST-ACK."),
    },
    "close-wait-on-active-closer": {
        "zh": ("主动关闭方会进入 CLOSE_WAIT 状态。", "被动关闭方会进入 CLOSE_WAIT 状态。", "主动关闭方会进入 FIN_WAIT_1 状态。"),
        "en": ("The active closer enters CLOSE-WAIT.", "The passive closer enters CLOSE-WAIT.", "The active closer enters FIN-WAIT-1."),
    },
    "time-wait-set-by-fin-timeout": {
        "zh": ("用 tcp_fin_timeout 控制 TIME_WAIT 的时长。", "tcp_fin_timeout 控制孤儿连接在 FIN_WAIT_2 的时长。",
               "tcp_fin_timeout 与 TIME_WAIT 都和关闭有关。"),
        "en": ("tcp_fin_timeout controls the TIME_WAIT interval.", "tcp_fin_timeout controls how long an orphan waits in FIN_WAIT_2.",
               "tcp_fin_timeout and TIME_WAIT both belong to closing."),
    },
    "close-wait-cured-by-sysctl": {
        "zh": ("CLOSE_WAIT 太多时，调小 tcp_fin_timeout 即可。", "CLOSE_WAIT 太多时，要检查程序有没有调用 close()。",
               "TIME_WAIT 太多时，可以开启 tcp_tw_reuse。"),
        "en": ("With many CLOSE_WAIT sockets, just lower tcp_fin_timeout.", "Too many CLOSE_WAIT sockets mean the program never calls close().",
               "Too many TIME_WAIT sockets on a client can be eased by enabling tcp_tw_reuse."),
    },
    "half-close-is-half-open": {
        "zh": ("半关闭就是半开连接。", "半关闭是一个方向已关闭而另一方向仍在传数据。", "半开连接是一端崩溃而另一端不知道。"),
        "en": ("A half-close is a half-open connection.", "A half-close is one direction closed while the other still carries data.",
               "A half-open connection has lost one end without the other knowing."),
    },
    "time-wait-one-msl": {
        "zh": ("TIME_WAIT 状态要等待 1 个 MSL。", "TIME_WAIT 状态要等待 2MSL。", "MSL 是报文段在网络中的最长寿命。"),
        "en": ("TIME-WAIT lasts one MSL.", "TIME-WAIT lasts 2MSL.", "MSL is the longest a segment lives in the network."),
    },
    "syn-flood-attacks-the-client": {
        "zh": ("SYN 洪泛攻击的是客户端。", "SYN 洪泛攻击的是服务器，占满它的半连接队列。", "SYN 洪泛攻击者伪造客户端的源地址。"),
        "en": ("A SYN flood attacks the client.", "A SYN flood attacks the server's SYN queue.",
               "A SYN flood forges client source addresses."),
    },
    "syn-flood-fills-accept-queue": {
        "zh": ("SYN 洪泛会占满全连接队列。", "SYN 洪泛会占满半连接队列。", "accept() 太慢会占满全连接队列。"),
        "en": ("A SYN flood fills the accept queue.", "A SYN flood fills the SYN queue.", "A slow accept() fills the accept queue."),
    },
    "data-offset-counts-bytes": {
        "zh": ("首部长度字段以字节为单位。", "首部长度字段以 4 字节为单位。", "窗口字段以字节为单位。"),
        "en": ("The data offset is measured in bytes.", "The data offset is measured in 32-bit words.", "The window is measured in bytes."),
    },
    "window-field-is-congestion-control": {
        "zh": ("窗口字段用于拥塞控制。", "窗口字段用于流量控制。", "拥塞窗口用于拥塞控制。"),
        "en": ("The window field is used for congestion control.", "The window field is used for flow control.",
               "The congestion window is used for congestion control."),
    },
    "mss-includes-headers": {
        "zh": ("MSS 包括 TCP 首部。", "MSS 不包括 TCP 首部，只算数据。", "MTU 包括 IP 首部和 TCP 首部。"),
        "en": ("The MSS includes the TCP header.", "The MSS counts data only, excluding the TCP header.",
               "The MTU includes the IP and TCP headers."),
    },
    "mss-is-1500": {
        "zh": ("以太网上 MSS 通常是 1500。", "以太网上 MSS 通常是 1460。", "以太网的 MTU 是 1500。"),
        "en": ("On Ethernet the MSS is usually 1500.", "On Ethernet the MSS is usually 1460.", "Ethernet's MTU is 1500."),
    },
    "tcp-checksum-optional": {
        "zh": ("TCP 的校验和是可选的。", "TCP 的校验和是必须的。", "UDP 的校验和在 IPv4 上是可选的。"),
        "en": ("The TCP checksum is optional.", "The TCP checksum is mandatory.", "Over IPv4 the UDP checksum is optional."),
    },
    "tcp-keeps-message-boundaries": {
        "zh": ("TCP 会保留消息边界。", "UDP 会保留消息边界。", "TCP 是字节流，应用要自己划分消息边界。"),
        "en": ("TCP preserves message boundaries.", "UDP preserves message boundaries.",
               "TCP is a byte stream, so applications mark message boundaries themselves."),
    },
    "udp-connection-oriented": {
        "zh": ("UDP 是面向连接的。", "UDP 是无连接的。", "TCP 是面向连接的。"),
        "en": ("UDP is connection-oriented.", "UDP is connectionless.", "TCP is connection-oriented."),
    },
    "udp-has-congestion-control": {
        "zh": ("UDP 有拥塞控制。", "UDP 没有拥塞控制。", "TCP 有拥塞控制。"),
        "en": ("UDP provides congestion control.", "UDP provides no congestion control.", "TCP provides congestion control."),
    },
    "tcp-broadcast-multicast": {
        "zh": ("TCP 支持广播和组播。", "TCP 只能一对一，不支持广播。", "UDP 支持广播和组播。"),
        "en": ("TCP supports broadcast.", "TCP is strictly one-to-one.", "UDP supports broadcast and multicast."),
    },
    "udp-called-utp": {
        "zh": ("传输层协议有 TCP 和用户数据报协议 UTP。", "传输层协议有 TCP 和用户数据报协议 UDP。", "UTP 是一种双绞线电缆。"),
        "en": ("The transport layer has TCP and the User Datagram Protocol (UTP).",
               "The transport layer has TCP and the User Datagram Protocol (UDP).", "UTP is a kind of twisted-pair cable."),
    },
    "udp-checksum-mandatory-over-ipv4": {
        "zh": ("UDP 的校验和是必须的。", "UDP 的校验和在 IPv4 上是可选的。", "UDP 的校验和在 IPv6 上是必须的。"),
        "en": ("The UDP checksum is mandatory.", "The UDP checksum is optional over IPv4.", "Over IPv6 the UDP checksum is mandatory."),
    },
    "http3-over-tcp": {
        "zh": ("HTTP/3 基于 TCP。", "HTTP/3 基于 QUIC，而 QUIC 基于 UDP。", "HTTP/2 基于 TCP。"),
        "en": ("HTTP/3 runs over TCP.", "HTTP/3 runs over QUIC, which runs over UDP.", "HTTP/2 runs over TCP."),
    },
    "dns-uses-only-udp": {
        "zh": ("DNS 只使用 UDP。", "DNS 主要使用 UDP，应答被截断时改用 TCP。", "DHCP 只使用 UDP。"),
        "en": ("DNS only uses UDP.", "DNS mostly uses UDP and falls back to TCP.", "DHCP only uses UDP."),
    },
    "dhcp-over-tcp": {
        "zh": ("DHCP 基于 TCP。", "DHCP 基于 UDP。", "HTTP 基于 TCP。"),
        "en": ("DHCP runs over TCP.", "DHCP runs over UDP.", "HTTP runs over TCP."),
    },
    "graphics-card-on-the-physical-layer": {
        "zh": ("物理层的设备有网卡、显卡和各种接口。", "物理层的设备有网卡、线缆和各种接口。", "显卡负责图形输出。"),
        "en": ("Physical layer devices include network cards and graphics cards.",
               "Physical layer devices include cables, hubs and repeaters.", "A graphics card draws the screen."),
    },
    "tcp-tw-recycle-recommended": {
        "zh": ("TIME_WAIT 太多时可以开启 tcp_tw_recycle。", "TIME_WAIT 太多时不要开启 tcp_tw_recycle，它已被删除。",
               "TIME_WAIT 太多时可以开启 tcp_tw_reuse。"),
        "en": ("To get rid of TIME_WAIT, enable tcp_tw_recycle.", "tcp_tw_recycle was removed in Linux 4.12.",
               "To reuse TIME_WAIT ports for outgoing connections, enable tcp_tw_reuse."),
    },
    "reuseaddr-after-bind": {
        "zh": ("在 bind() 之后设置 SO_REUSEADDR。", "在 bind() 之前设置 SO_REUSEADDR。", "在 bind() 之后调用 listen()。"),
        "en": ("Set SO_REUSEADDR after bind().", "Set SO_REUSEADDR before bind().", "Call listen() after bind()."),
    },
    # --- derived from the engine's tables and TCP's numbers ------------------------------------
    "state-name-does-not-exist": {
        "zh": ("客户端发出 SYN 后进入 SYN_SEND 状态。", "客户端发出 SYN 后进入 SYN_SENT 状态。", "客户端发出 SYN，等待 SYN+ACK。"),
        "en": ("The state after the active close is TIMED WAIT.", "The state after the active close is TIME-WAIT.",
               "The server answers the SYN with SYN ACK."),
    },
    "header-size": {
        "zh": ("TCP 首部固定 24 字节。", "TCP 首部固定 20 字节。", "TCP 首部：MSS 默认是 1460 字节。"),
        "en": ("The UDP header is 20 bytes.", "The UDP header is 8 bytes.", "The UDP header has four 2-byte fields."),
    },
    "rfc-msl-is-two-minutes": {
        "zh": ("RFC 793 规定 MSL 为 30 秒。", "RFC 793 规定 MSL 为 2 分钟。", "Linux 的 MSL 相当于 30 秒，RFC 793 取 2 分钟。"),
        "en": ("RFC 793 sets the MSL to 30 seconds.", "RFC 793 sets the MSL to 2 minutes.",
               "RFC 793 leaves 2MSL at 4 minutes."),
    },
    "linux-time-wait-is-60-seconds": {
        "zh": ("Linux 的 TIME_WAIT 持续 120 秒。", "Linux 的 TIME_WAIT 持续 60 秒。", "Linux 上孤儿连接的 FIN_WAIT_2 持续 60 秒。"),
        "en": ("On Linux, TIME_WAIT lasts 4 minutes.", "On Linux, TIME_WAIT lasts 60 seconds.",
               "On Linux, an orphaned FIN_WAIT_2 lasts 60 seconds."),
    },
    "linux-default-setting": {
        "zh": ("tcp_keepalive_probes 默认 10 次。", "tcp_keepalive_probes 默认 9 次。", "我们把 tcp_keepalive_probes 设成 10 次。"),
        "en": ("tcp_keepalive_probes defaults to 10.", "tcp_keepalive_probes defaults to 9.", "We set tcp_keepalive_probes to 10."),
    },
    "next-sequence-number": {
        "zh": ("一个报文段的序号为 100，携带 200 字节数据，则下一个报文段的序号为 301。",
               "一个报文段的序号为 100，携带 200 字节数据，则下一个报文段的序号为 300。",
               "序号为 100 的 SYN 不带数据，对它的确认号为 101。"),
        "en": ("A segment with seq=1000 carries 500 bytes, so the next seq is 1501.",
               "A segment with seq=1000 carries 500 bytes, so the next seq is 1500.",
               "A SYN with seq=1000 carries 0 bytes, so the ack is 1001."),
    },
}
