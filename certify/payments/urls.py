from django.urls import path

from certify.payments import refund_views, views, void_views

app_name = "payments"
urlpatterns = [
    path("", views.invoice_list, name="list"),
    path("enrollment/<slug:slug>/", views.enrollment_start, name="enrollment_start"),
    path("invoices/<str:code>/", views.invoice_detail, name="invoice"),
    path("invoices/<str:code>/pay/", views.invoice_pay, name="pay"),
    path("invoices/<str:code>/paid/", views.invoice_paid, name="paid"),
    path("invoices/<str:code>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("receipts/<int:pk>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("invoices/<str:code>/payments/", views.payment_record, name="payment_record"),
    path("invoices/<str:code>/refunds/", refund_views.refund_create, name="refund_create"),
    path(
        "invoices/<str:code>/refunds/confirm/",
        refund_views.refund_confirm,
        name="refund_confirm",
    ),
    path("refunds/<int:pk>/retry/", refund_views.refund_retry, name="refund_retry"),
    path("staff/refunds/", refund_views.staff_refunds, name="staff_refunds"),
    path("invoices/<str:code>/void/", void_views.invoice_void, name="invoice_void"),
    path("invoices/<str:code>/reprice/", void_views.invoice_reprice, name="invoice_reprice"),
    path("invoices/<str:code>/reissue/", void_views.invoice_reissue, name="invoice_reissue"),
    path("credit-notes/<str:code>/pdf/", void_views.credit_note_pdf, name="credit_note_pdf"),
    path("staff/invoices/", views.staff_invoices, name="staff_invoices"),
    path("staff/payments/", views.staff_payments, name="staff_payments"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
]
